import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { type Migration, pendingMigrations, schemaMigrationsTable } from './migrations.ts';
import type {
	Queries,
	SqlDatabase,
	SqlParam,
	Statement,
	TransactionOptions
} from './sql-database.ts';
import { SqliteWriter } from './SqliteWriter.ts';
import type { Row } from './store-rows.ts';

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

/**
 * One SQLite connection set up the way Navette's durability promise needs (WAL, synchronous=FULL,
 * foreign keys, a busy timeout for a second process such as a backup or a test), with its schema
 * migrated and its prepared statements cached: the SQLite side of the `SqlDatabase` seam.
 *
 * node:sqlite is synchronous and this is the process's only connection, so a transaction is
 * open for every caller at once. The seam's transactions are async (PostgreSQL's must be), and a
 * statement another request issues while one awaits would run inside it, and be rolled back with
 * it. So a transaction holds `#busy` from BEGIN to COMMIT or ROLLBACK, and every statement from
 * outside waits for it. With no transaction open (the hot path: one append), a statement runs at
 * once, in the call, as before.
 */
export class SqliteDatabase implements SqlDatabase {
	readonly kind = 'sqlite';
	readonly forUpdate = '';
	readonly #db: DatabaseSync;
	readonly #statements = new Map<string, StatementSync>();
	/** Settles when the open transaction ends; null when none is open. */
	#busy: Promise<void> | null = null;
	#closed = false;
	/** The worker thread batches are written from; none for an in-memory database. */
	#writer: SqliteWriter | null = null;
	/** The statements of the open transaction: they skip the wait, which is for everyone else. */
	readonly #inside: Queries = {
		get: async (sql, ...params) => this.#get(sql, params),
		all: async (sql, ...params) => this.#all(sql, params),
		run: async (sql, ...params) => this.#run(sql, params)
	};

	private constructor(db: DatabaseSync) {
		this.#db = db;
	}

	/**
	 * Opens (creating the parent folder and the file if needed), applies the PRAGMAs and refuses to
	 * go on when WAL could not be enabled (some network filesystems), rather than run with weaker
	 * guarantees than DESIGN §4 states; then applies pending migrations. Synchronous, as the start
	 * of the process and the tests expect.
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
			if (!inMemory) {
				// Checkpoints are the writer's checkpoint thread's, not any commit's (SqliteWriter).
				database.#db.exec('PRAGMA wal_autocheckpoint = 0');
				database.#writer = new SqliteWriter(file);
			}
		} catch (error) {
			database.#db.close();
			throw error;
		}
		return database;
	}

	/** The connection's settings as SQLite reports them (tests and diagnostics). */
	pragmas(): SqlitePragmas {
		const value = (pragma: string, column: string) => this.#get(`PRAGMA ${pragma}`, [])?.[column];
		return {
			journalMode: String(value('journal_mode', 'journal_mode')),
			synchronous: Number(value('synchronous', 'synchronous')),
			foreignKeys: Number(value('foreign_keys', 'foreign_keys')),
			busyTimeout: Number(value('busy_timeout', 'timeout'))
		};
	}

	/**
	 * Once the writer's batches are committed; a transaction still open (a shutdown racing a
	 * compaction) ends first, and the connection closes right after it.
	 */
	async close(): Promise<void> {
		const writer = this.#writer;
		this.#writer = null;
		await writer?.close();
		while (this.#busy) await this.#busy;
		if (this.#closed) return;
		this.#closed = true;
		this.#statements.clear();
		this.#db.close();
	}

	async get(sql: string, ...params: SqlParam[]): Promise<Row | undefined> {
		while (this.#busy) await this.#busy;
		return this.#get(sql, params);
	}

	async all(sql: string, ...params: SqlParam[]): Promise<Row[]> {
		while (this.#busy) await this.#busy;
		return this.#all(sql, params);
	}

	async run(sql: string, ...params: SqlParam[]): Promise<{ changes: number }> {
		while (this.#busy) await this.#busy;
		return this.#run(sql, params);
	}

	/**
	 * `write` is `BEGIN IMMEDIATE`: it takes the file's write lock up front, so that what a
	 * read-then-write transaction read cannot change under it (another process on the same file
	 * waits, up to busy_timeout; an advisory `lock` adds nothing). `read` is `DEFERRED`: one
	 * consistent snapshot of several reads.
	 */
	async transaction<T>(
		work: (tx: Queries) => Promise<T>,
		options: TransactionOptions = {}
	): Promise<T> {
		while (this.#busy) await this.#busy;
		let release!: () => void;
		this.#busy = new Promise((resolve) => (release = resolve));
		try {
			this.#db.exec(options.mode === 'read' ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE');
			try {
				const result = await work(this.#inside);
				this.#db.exec('COMMIT');
				return result;
			} catch (error) {
				// SQLite may already have rolled back by itself (e.g. SQLITE_FULL); a second ROLLBACK
				// would then throw and hide the error that matters.
				if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
				throw error;
			}
		} finally {
			this.#busy = null;
			release();
		}
	}

	/** In the writer's thread (in this one for an in-memory database), one transaction. */
	async writeBatch(statements: Statement[]): Promise<Row[][]> {
		if (this.#writer) return this.#writer.write(statements);
		return this.transaction(async () =>
			statements.map(({ sql, params }) => {
				const statement = this.#statement(sql);
				if (statement.columns().length > 0) return this.#all(sql, params);
				this.#run(sql, params);
				return [];
			})
		);
	}

	/** One transaction, so one fsync for all rows; the single-row statement is prepared once. */
	async insertMany(table: string, columns: readonly string[], rows: SqlParam[][]): Promise<void> {
		const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
		await this.writeBatch(rows.map((params) => ({ sql, params })));
	}

	isUniqueViolation(error: unknown, table: string, column: string): boolean {
		if (!(error instanceof Error)) return false;
		const { errcode } = error as Error & { errcode?: number };
		return errcode === SQLITE_CONSTRAINT_UNIQUE && error.message.includes(`${table}.${column}`);
	}

	/**
	 * A writer holds the file's lock from the moment its row takes a seq to its commit, so seqs
	 * commit in order: rows appended after the read have higher seqs, and "up to the last seq
	 * read" is exactly the rows read once their count is checked.
	 */
	seqsRead(seqs: readonly string[]): { sql: string; param: SqlParam } {
		return { sql: 'seq <= ?', param: Number(seqs.at(-1) ?? 0) };
	}

	#statement(sql: string): StatementSync {
		let statement = this.#statements.get(sql);
		if (!statement) {
			statement = this.#db.prepare(sql);
			this.#statements.set(sql, statement);
		}
		return statement;
	}

	#get(sql: string, params: SqlParam[]): Row | undefined {
		return this.#statement(sql).get(...(params as SqliteParam[])) as Row | undefined;
	}

	#all(sql: string, params: SqlParam[]): Row[] {
		return this.#statement(sql).all(...(params as SqliteParam[])) as Row[];
	}

	#run(sql: string, params: SqlParam[]): { changes: number } {
		return { changes: Number(this.#statement(sql).run(...(params as SqliteParam[])).changes) };
	}

	/**
	 * Applies each pending migration in its own transaction, synchronously (open is). The check
	 * for "already applied" runs inside that transaction, so two processes opening a new file at
	 * once apply it only once.
	 */
	#migrate(migrations: readonly Migration[]): void {
		this.#db.exec(schemaMigrationsTable('sqlite'));
		const applied = new Set(
			this.#all('SELECT version FROM schema_migrations', []).map((row) => Number(row.version))
		);
		for (const migration of pendingMigrations(migrations, applied)) {
			this.#db.exec('BEGIN IMMEDIATE');
			try {
				const raced = this.#get('SELECT 1 AS one FROM schema_migrations WHERE version = ?', [
					migration.version
				]);
				if (!raced) {
					this.#db.exec(migration.sql);
					this.#run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
						migration.version,
						migration.name,
						new Date().toISOString()
					]);
				}
				this.#db.exec('COMMIT');
			} catch (error) {
				if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
				throw error;
			}
		}
	}
}

/** What node:sqlite binds: the seam's arrays are PostgreSQL-only and never reach it. */
type SqliteParam = string | number | bigint | null | Uint8Array;
