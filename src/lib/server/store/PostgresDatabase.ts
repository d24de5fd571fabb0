import pg from 'pg';
import type { Migration } from './sqlite-migrations.ts';
import type { Row } from './store-rows.ts';

export type PgParam =
	string | number | bigint | null | Uint8Array | string[] | number[] | Uint8Array[];

/** The pool, or one transaction's connection: `query` and the helpers over it. */
abstract class Queries {
	abstract query(sql: string, params?: PgParam[]): Promise<{ rows: Row[]; rowCount: number }>;

	async get(sql: string, ...params: PgParam[]): Promise<Row | undefined> {
		return (await this.query(sql, params)).rows[0];
	}

	async all(sql: string, ...params: PgParam[]): Promise<Row[]> {
		return (await this.query(sql, params)).rows;
	}

	async run(sql: string, ...params: PgParam[]): Promise<{ changes: number }> {
		return { changes: (await this.query(sql, params)).rowCount };
	}
}

/** PostgreSQL's code for a unique violation. */
const UNIQUE_VIOLATION = '23505';

/** Whether `error` is PostgreSQL refusing a duplicate under the constraint `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
	const { code, constraint: name } = (error ?? {}) as { code?: unknown; constraint?: unknown };
	return code === UNIQUE_VIOLATION && name === constraint;
}

/** One key for `pg_advisory_xact_lock` per purpose, so that unrelated locks never wait on each other. */
export const LOCKS = { migrate: 4_242_001, setup: 4_242_002 } as const;

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

/**
 * Instants come back as the `toISOString()` text the contract promises (and SQLite stores), and
 * bigints as text that the row mappers turn into numbers: the same `Row` shape for both stores.
 * Per pool, not `pg.types.setTypeParser`, which would change every pool in the process.
 */
function typeParser(oid: number, format?: string): (value: string) => unknown {
	if (oid === TIMESTAMPTZ_OID) return (value) => new Date(value).toISOString();
	if (oid === INT8_OID) return (value) => value;
	return format === 'binary'
		? pg.types.getTypeParser(oid, 'binary')
		: pg.types.getTypeParser(oid, 'text');
}

/**
 * A connection pool set up the way Navette's durability promise needs (`synchronous_commit = on`
 * on every connection, so a commit is on disk, or on the synchronous standbys, when its query
 * resolves), with the schema migrated. Kept apart from `PostgresStore` as `SqliteDatabase` is.
 */
export class PostgresDatabase extends Queries {
	readonly #pool: pg.Pool;
	#closed = false;

	private constructor(pool: pg.Pool) {
		super();
		this.#pool = pool;
	}

	/**
	 * Connects (`connectionString` is DATABASE_URL; `schema`, for tests, a schema to create and
	 * use instead of `public`) and applies pending migrations.
	 */
	static async open(
		connectionString: string,
		migrations: readonly Migration[],
		options: { schema?: string; max?: number } = {}
	): Promise<PostgresDatabase> {
		// Set on each new connection before it is handed out (a failure fails that query rather
		// than run it with other settings). Not as the pool's `options`: `options=` in DATABASE_URL
		// would silently replace them.
		const setup = ['SET synchronous_commit = on'];
		if (options.schema) setup.push(`SET search_path = ${quoteIdentifier(options.schema)}`);
		const pool = new pg.Pool({
			connectionString,
			max: options.max ?? 10,
			types: { getTypeParser: typeParser as typeof pg.types.getTypeParser },
			// pg-pool awaits the promise (its types say void), and a failure fails the checkout.
			// eslint-disable-next-line @typescript-eslint/no-misused-promises
			onConnect: async (client) => {
				await client.query(setup.join('; '));
			}
		});
		// An idle client losing its server (a restart) emits here; unhandled, it would stop the process.
		pool.on('error', (error) =>
			console.error(`PostgreSQL: an idle connection failed: ${error.message}`)
		);
		const database = new PostgresDatabase(pool);
		try {
			await database.#migrate(migrations, options.schema);
		} catch (error) {
			await database.close();
			throw error;
		}
		return database;
	}

	/** Idempotent, so that shutdown paths may call it more than once. */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		await this.#pool.end();
	}

	async query(sql: string, params: PgParam[] = []): Promise<{ rows: Row[]; rowCount: number }> {
		const result = await this.#pool.query(sql, params);
		return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
	}

	/**
	 * Runs `work` on one connection inside one transaction, rolled back if it throws. `lock` takes
	 * a transaction-scoped advisory lock first (one number, or a text hashed by PostgreSQL), which
	 * is how Navette serialises read-then-write transactions that rows alone cannot lock (the first
	 * firm, one document's compaction).
	 */
	async transaction<T>(
		work: (tx: Transaction) => Promise<T>,
		options: { isolation?: 'REPEATABLE READ'; readOnly?: boolean; lock?: number | string } = {}
	): Promise<T> {
		const client = await this.#pool.connect();
		try {
			const mode = [
				options.isolation ? `ISOLATION LEVEL ${options.isolation}` : '',
				options.readOnly ? 'READ ONLY' : ''
			].join(' ');
			await client.query(`BEGIN ${mode}`);
			if (typeof options.lock === 'number') {
				await client.query('SELECT pg_advisory_xact_lock($1)', [options.lock]);
			} else if (typeof options.lock === 'string') {
				await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [options.lock]);
			}
			const result = await work(new Transaction(client));
			await client.query('COMMIT');
			return result;
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			throw error;
		} finally {
			client.release();
		}
	}

	/**
	 * Applies pending migrations in one transaction under an advisory lock, so that several
	 * instances starting at once migrate once (the schema too, when one is named); a database
	 * migrated by a newer Navette is refused.
	 */
	async #migrate(migrations: readonly Migration[], schema?: string): Promise<void> {
		await this.transaction(
			async (tx) => {
				if (schema) await tx.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
				await tx.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
					version integer PRIMARY KEY,
					name text NOT NULL,
					applied_at timestamptz NOT NULL
				)`);
				const known = Math.max(0, ...migrations.map((m) => m.version));
				const applied = new Set(
					(await tx.all('SELECT version FROM schema_migrations')).map((row) => Number(row.version))
				);
				const newest = Math.max(0, ...applied);
				if (newest > known) {
					throw new Error(
						`The database is at schema version ${newest}; this Navette knows up to ${known}. ` +
							'Upgrade Navette rather than open it with an older one.'
					);
				}
				for (const migration of migrations.filter((m) => !applied.has(m.version))) {
					await tx.run(migration.sql);
					await tx.run(
						'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
						migration.version,
						migration.name,
						new Date().toISOString()
					);
				}
			},
			{ lock: LOCKS.migrate }
		);
	}
}

/** One transaction's connection, with the same helpers as the pool. */
export class Transaction extends Queries {
	readonly #client: pg.PoolClient;

	constructor(client: pg.PoolClient) {
		super();
		this.#client = client;
	}

	async query(sql: string, params: PgParam[] = []): Promise<{ rows: Row[]; rowCount: number }> {
		const result = await this.#client.query(sql, params);
		return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
	}
}

/** A schema name as an SQL identifier (tests pass generated names; quoting keeps it one name). */
function quoteIdentifier(name: string): string {
	return `"${name.replaceAll('"', '""')}"`;
}
