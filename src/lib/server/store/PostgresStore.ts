import { POSTGRES_MIGRATIONS } from './migrations.ts';
import { PostgresDatabase } from './PostgresDatabase.ts';
import { SqlStore } from './SqlStore.ts';

/**
 * The store for several instances (DESIGN §1, scale-out): PostgreSQL through a `pg` pool, with
 * `SqlStore`'s queries and records; this adds only how to open it.
 */
export class PostgresStore extends SqlStore {
	private constructor(db: PostgresDatabase) {
		super(db);
	}

	/** Connects to `url` (DATABASE_URL) and brings its schema up to date; see `PostgresDatabase.open`. */
	static async open(
		url: string,
		options: { schema?: string; max?: number } = {}
	): Promise<PostgresStore> {
		return new PostgresStore(await PostgresDatabase.open(url, POSTGRES_MIGRATIONS, options));
	}

	/** The connection's durability setting, as PostgreSQL reports it (tests and diagnostics). */
	async settings(): Promise<{ synchronousCommit: string }> {
		const row = await this.db.get('SHOW synchronous_commit');
		return { synchronousCommit: String(row?.synchronous_commit) };
	}
}
