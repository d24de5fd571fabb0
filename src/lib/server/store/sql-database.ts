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

/** `write` (the default): SQLite `BEGIN IMMEDIATE`; PostgreSQL `BEGIN` (rows locked as read). */
export interface TransactionOptions {
	mode?: 'read' | 'write';
	lock?: number | string;
}

/**
 * Interim: the part of the dialect seam (being built apart as one `SqlStore`) that the job and
 * outbox tables use, so that they are written once for both dialects already.
 */
export interface SqlDatabase extends Queries {
	readonly kind: 'sqlite' | 'postgres';
	/** Appended to a `SELECT` in a write transaction to lock the rows read; `''` on SQLite. */
	readonly forUpdate: string;
	transaction<T>(work: (tx: Queries) => Promise<T>, options?: TransactionOptions): Promise<T>;
}
