import type { NewAuditEntry, SigninLink } from './Store.ts';
import type { Queries, SqlParam, Statement } from './sql-database.ts';
import type { Row } from './store-rows.ts';
import { nowIso } from './store-rules.ts';

/**
 * Rows per multi-row INSERT: a digest's events are a few statements rather than one per request
 * (each statement costs more than its rows), and the statements to prepare and cache stay few.
 */
const ROWS_PER_INSERT = 50;

/**
 * Inserts `rows` with statements of up to {@link ROWS_PER_INSERT} rows each, `sql` making one
 * from its `VALUES` list; returns what their `RETURNING` clauses return, if any.
 */
export async function insertRows(
	q: Queries,
	sql: (values: string) => string,
	rows: readonly SqlParam[][]
): Promise<Row[]> {
	const returned: Row[] = [];
	for (const { sql: text, params } of insertStatements(sql, rows)) {
		returned.push(...(await q.all(text, ...params)));
	}
	return returned;
}

/** The statements {@link insertRows} runs, for a `writeBatch`. */
export function insertStatements(
	sql: (values: string) => string,
	rows: readonly SqlParam[][]
): Statement[] {
	const statements: Statement[] = [];
	for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
		const chunk = rows.slice(start, start + ROWS_PER_INSERT);
		const values = chunk.map((row) => `(${row.map(() => '?').join(', ')})`).join(', ');
		statements.push({ sql: sql(values), params: chunk.flat() });
	}
	return statements;
}

/**
 * Inserts of rows that `SqlStore` writes alone and a table writes inside its own transaction too
 * (a reminder's digest, with its sign-in link and that link's audit entry: `ReminderTable`).
 * `q` is the database, or a transaction's `tx`.
 */

export async function insertSigninLink(q: Queries, link: SigninLink): Promise<void> {
	await q.run(
		`INSERT INTO signin_links (id, user_id, created_by, created_at, expires_at)
		 VALUES (?, ?, ?, ?, ?)`,
		link.id,
		link.userId,
		link.createdBy,
		link.createdAt,
		link.expiresAt
	);
}

export async function insertAudit(q: Queries, entry: NewAuditEntry): Promise<void> {
	await q.run(
		'INSERT INTO audit_log (firm_id, user_id, action, target, detail, at) VALUES (?, ?, ?, ?, ?, ?)',
		entry.firmId,
		entry.userId,
		entry.action,
		entry.target,
		entry.detail,
		nowIso()
	);
}
