import { SQLITE_MIGRATIONS } from './migrations.ts';
import { SqliteDatabase, type SqlitePragmas } from './SqliteDatabase.ts';
import { SqlStore } from './SqlStore.ts';

/**
 * The embedded store: one SQLite file through node:sqlite (no native build to install), under
 * WAL + synchronous=FULL. The queries are `SqlStore`'s; this adds only how to open it.
 */
export class SqliteStore extends SqlStore {
	declare protected readonly db: SqliteDatabase;

	private constructor(db: SqliteDatabase) {
		super(db);
	}

	/** Opens or creates the database file (and its folder) and brings its schema up to date. */
	static open(file: string): SqliteStore {
		return new SqliteStore(SqliteDatabase.open(file, SQLITE_MIGRATIONS));
	}

	/** The connection's durability settings, as SQLite reports them (tests and diagnostics). */
	pragmas(): SqlitePragmas {
		return this.db.pragmas();
	}
}
