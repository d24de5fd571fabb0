import type { Row } from './store-rows.ts';

/** A query parameter: what both drivers bind (arrays only in PostgreSQL-only SQL). */
export type SqlParam =
	string | number | bigint | null | Uint8Array | string[] | number[] | Uint8Array[];

/**
 * Statements with `?` placeholders, written once for both dialects (the PostgreSQL adapter
 * numbers them). Reached through the database outside a transaction, through `tx` inside one.
 */
export interface Queries {
	get(sql: string, ...params: SqlParam[]): Promise<Row | undefined>;
	all(sql: string, ...params: SqlParam[]): Promise<Row[]>;
	run(sql: string, ...params: SqlParam[]): Promise<{ changes: number }>;
}

/** One statement of a batch (`SqlDatabase.writeBatch`). */
export interface Statement {
	sql: string;
	params: SqlParam[];
}

/**
 * `read`: one consistent view of several reads (SQLite `BEGIN DEFERRED`, PostgreSQL
 * `REPEATABLE READ READ ONLY`). `write` (the default): what it read cannot change under it
 * before it commits (SQLite `BEGIN IMMEDIATE`, the file's one write lock; PostgreSQL `BEGIN`
 * plus `lock`, a transaction-scoped advisory lock, and `FOR UPDATE` on the rows it reads).
 */
export interface TransactionOptions {
	mode?: 'read' | 'write';
	/** An advisory lock key: a number, or a text PostgreSQL hashes. SQLite needs none. */
	lock?: number | string;
}

/**
 * The dialect seam: what `SqlStore` and `DocumentLog` need of a database, and nothing else.
 * Everything the two dialects say alike is written once over it; an implementation says only
 * what differs (placeholders, transactions and locks, errors, batch inserts, one predicate).
 */
export interface SqlDatabase extends Queries {
	readonly kind: 'sqlite' | 'postgres';
	/** Appended to a `SELECT` in a write transaction to lock the rows read; `''` on SQLite. */
	readonly forUpdate: string;
	/** Runs `work` in one transaction, committed if it resolves, rolled back if it throws. */
	transaction<T>(work: (tx: Queries) => Promise<T>, options?: TransactionOptions): Promise<T>;
	/**
	 * Runs `statements` in one transaction and resolves once it committed, with each statement's
	 * rows (its `RETURNING` clause's; none without one). For the writes every edit makes: on
	 * SQLite a connection in a worker thread runs them, so that the commit's fsync does not stop
	 * the event loop (`SqliteWriter`). No statement may depend on what an earlier one returned.
	 * `lock` as a transaction's (SQLite's writer holds the file's write lock anyway).
	 */
	writeBatch(statements: Statement[], options?: Pick<TransactionOptions, 'lock'>): Promise<Row[][]>;
	/** Inserts all `rows` (values in `columns` order) or none, in as few round trips as it can. */
	insertMany(table: string, columns: readonly string[], rows: SqlParam[][]): Promise<void>;
	/** Whether `error` is the database refusing a duplicate `table.column`. */
	isUniqueViolation(error: unknown, table: string, column: string): boolean;
	/**
	 * A predicate over `doc_updates.seq` true for exactly the rows `seqs` (ascending) named, in a
	 * transaction that re-checked they are all still there; see `DocumentLog.compact`.
	 */
	seqsRead(seqs: readonly string[]): { sql: string; param: SqlParam };
	/** Idempotent, so that shutdown paths may call it more than once. */
	close(): void | Promise<void>;
}

/** One key for `pg_advisory_xact_lock` per purpose, so that unrelated locks never wait on each other. */
export const LOCKS = { migrate: 4_242_001, setup: 4_242_002 } as const;
