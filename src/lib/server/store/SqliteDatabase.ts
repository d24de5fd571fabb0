import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Migration } from './sqlite-migrations.ts';
import type { Row } from './store-rows.ts';

export type SqlParam = string | number | bigint | null | Uint8Array;

export interface SqlitePragmas {
	journalMode: string;
	synchronous: number;
	foreignKeys: number;
	busyTimeout: number;
}

/** SQLite's `PRAGMA synchronous` value for FULL: the WAL is fsynced at every commit. */
const SYNCHRONOUS_FULL = 2;

/** SQLITE_CONSTRAINT_UNIQUE, as node:sqlite reports it in an error's `errcode`. */
const SQLITE_CONSTRAINT_UNIQUE = 2067;

/** Whether `error` is SQLite refusing a duplicate in `column` (`table.column`). */
export function isUniqueViolation(error: unknown, column: string): boolean {
	if (!(error instanceof Error)) return false;
	const { errcode } = error as Error & { errcode?: number };
	return errcode === SQLITE_CONSTRAINT_UNIQUE && error.message.includes(column);
}

/**
 * One SQLite connection set up the way Navette's durability promise needs (WAL, synchronous=FULL,
 * foreign keys, a busy timeout for a second process such as a backup or a test), with its schema
 * migrated and its prepared statements cached. Kept apart from `SqliteStore` so that the store reads
 * as the contract and this file as the plumbing.
 */
export class SqliteDatabase {
	readonly #db: DatabaseSync;
	readonly #statements = new Map<string, StatementSync>();
	#closed = false;

	private constructor(db: DatabaseSync) {
		this.#db = db;
	}

	/**
	 * Opens (creating the parent folder and the file if needed), applies the PRAGMAs and refuses to
	 * go on when WAL could not be enabled (some network filesystems), rather than run with weaker
	 * guarantees than DESIGN §4 states; then applies pending migrations.
	 */
	static open(file: string, migrations: readonly Migration[]): SqliteDatabase {
		const inMemory = file === ':memory:';
		if (!inMemory) mkdirSync(dirname(file), { recursive: true });
		const database = new SqliteDatabase(new DatabaseSync(file));
		try {
			database.#db.exec(`PRAGMA journal_mode = WAL;
				PRAGMA synchronous = FULL;
				PRAGMA foreign_keys = ON;
				PRAGMA busy_timeout = 5000;`);
			const { journalMode, synchronous } = database.pragmas();
			if ((!inMemory && journalMode !== 'wal') || synchronous !== SYNCHRONOUS_FULL) {
				throw new Error(
					`${file}: SQLite runs with journal_mode=${journalMode}, synchronous=${synchronous}; ` +
						'Navette needs WAL and FULL (is the data folder on a network filesystem?)'
				);
			}
			database.#migrate(migrations);
		} catch (error) {
			database.close();
			throw error;
		}
		return database;
	}

	/** The connection's settings as SQLite reports them (tests and diagnostics). */
	pragmas(): SqlitePragmas {
		return {
			journalMode: String(this.get('PRAGMA journal_mode')?.journal_mode),
			synchronous: Number(this.get('PRAGMA synchronous')?.synchronous),
			foreignKeys: Number(this.get('PRAGMA foreign_keys')?.foreign_keys),
			busyTimeout: Number(this.get('PRAGMA busy_timeout')?.timeout)
		};
	}

	/** Idempotent, so that shutdown paths may call it more than once. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#statements.clear();
		this.#db.close();
	}

	run(sql: string, ...params: SqlParam[]): { changes: number } {
		return { changes: Number(this.#statement(sql).run(...params).changes) };
	}

	get(sql: string, ...params: SqlParam[]): Row | undefined {
		return this.#statement(sql).get(...params) as Row | undefined;
	}

	all(sql: string, ...params: SqlParam[]): Row[] {
		return this.#statement(sql).all(...params) as Row[];
	}

	/**
	 * Runs `work` in one transaction, rolled back if it throws. `IMMEDIATE` takes the write lock up
	 * front, so that what a read-then-write transaction read cannot change under it (another process
	 * on the same file waits, up to busy_timeout); `DEFERRED` gives a read a consistent snapshot.
	 */
	transaction<T>(mode: 'IMMEDIATE' | 'DEFERRED', work: () => T): T {
		this.#db.exec(`BEGIN ${mode}`);
		try {
			const result = work();
			this.#db.exec('COMMIT');
			return result;
		} catch (error) {
			// SQLite may already have rolled back by itself (e.g. SQLITE_FULL); a second ROLLBACK would
			// then throw and hide the error that matters.
			if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
			throw error;
		}
	}

	#statement(sql: string): StatementSync {
		let statement = this.#statements.get(sql);
		if (!statement) {
			statement = this.#db.prepare(sql);
			this.#statements.set(sql, statement);
		}
		return statement;
	}

	/**
	 * Applies each pending migration in its own transaction. The check for "already applied" runs
	 * inside that transaction, so two processes opening a new file at once apply it only once; a
	 * file migrated by a newer Navette is refused rather than used with a schema this code does
	 * not know.
	 */
	#migrate(migrations: readonly Migration[]): void {
		this.#db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY,
			name TEXT NOT NULL,
			applied_at TEXT NOT NULL
		)`);
		const known = Math.max(0, ...migrations.map((m) => m.version));
		const newest = Number(this.get('SELECT MAX(version) AS v FROM schema_migrations')?.v ?? 0);
		if (newest > known) {
			throw new Error(
				`The database is at schema version ${newest}; this Navette knows up to ${known}. ` +
					'Upgrade Navette rather than open it with an older one.'
			);
		}
		const applied = new Set(
			this.all('SELECT version FROM schema_migrations').map((row) => Number(row.version))
		);
		for (const migration of migrations.filter((m) => !applied.has(m.version))) {
			this.transaction('IMMEDIATE', () => {
				const raced = this.get(
					'SELECT 1 AS one FROM schema_migrations WHERE version = ?',
					migration.version
				);
				if (raced) return;
				this.#db.exec(migration.sql);
				this.run(
					'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
					migration.version,
					migration.name,
					new Date().toISOString()
				);
			});
		}
	}
}
