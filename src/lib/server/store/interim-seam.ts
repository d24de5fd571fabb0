import type { PostgresDatabase } from './PostgresDatabase.ts';
import type { Queries, SqlDatabase, SqlParam } from './sql-database.ts';
import type { SqliteDatabase } from './SqliteDatabase.ts';

/**
 * Interim, until the store is one `SqlStore` over the dialect seam: each of today's databases
 * seen through the part of that seam the job and outbox tables use.
 */
export function sqliteSeam(db: SqliteDatabase): SqlDatabase {
	const queries: Queries = {
		get: async (sql, ...params) => db.get(sql, ...(params as SqliteParam[])),
		all: async (sql, ...params) => db.all(sql, ...(params as SqliteParam[])),
		run: async (sql, ...params) => db.run(sql, ...(params as SqliteParam[]))
	};
	// One connection: transactions of concurrent callers wait for each other.
	let busy: Promise<unknown> = Promise.resolve();
	return {
		kind: 'sqlite',
		forUpdate: '',
		...queries,
		transaction(work) {
			const run = async () => {
				db.run('BEGIN IMMEDIATE');
				try {
					const result = await work(queries);
					db.run('COMMIT');
					return result;
				} catch (error) {
					db.run('ROLLBACK');
					throw error;
				}
			};
			const result = busy.then(run);
			busy = result.catch(() => {});
			return result;
		}
	};
}

type SqliteParam = Parameters<SqliteDatabase['run']>[1];

export function postgresSeam(db: PostgresDatabase): SqlDatabase {
	const numbered = (sql: string) => {
		let n = 0;
		return sql.replaceAll('?', () => `$${++n}`);
	};
	const over = (q: {
		query(
			sql: string,
			params?: SqlParam[]
		): Promise<{ rows: never[] | Record<string, unknown>[]; rowCount: number }>;
	}): Queries => ({
		get: async (sql, ...params) => (await q.query(numbered(sql), params)).rows[0],
		all: async (sql, ...params) => (await q.query(numbered(sql), params)).rows,
		run: async (sql, ...params) => ({ changes: (await q.query(numbered(sql), params)).rowCount })
	});
	return {
		kind: 'postgres',
		forUpdate: ' FOR UPDATE',
		...over(db),
		transaction: (work) => db.transaction((tx) => work(over(tx)))
	};
}
