import pg from 'pg';
import { type Migration, pendingMigrations, schemaMigrationsTable } from './migrations.ts';
import {
	LOCKS,
	type Queries,
	type SqlDatabase,
	type SqlParam,
	type Statement,
	type TransactionOptions
} from './sql-database.ts';
import type { Row } from './store-rows.ts';

/** PostgreSQL's code for a unique violation. */
const UNIQUE_VIOLATION = '23505';

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

/** Rows a multi-row INSERT carries at most: PostgreSQL binds up to 65,535 parameters. */
const MAX_PARAMETERS = 30_000;

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

const numbered = new Map<string, string>();

/**
 * The seam's `?` placeholders as PostgreSQL's `$1, $2, …`, once per distinct statement. Our SQL
 * has no `?` inside literals or identifiers, nor PostgreSQL's `?` operators (jsonb).
 */
function numberPlaceholders(sql: string): string {
	let text = numbered.get(sql);
	if (text === undefined) {
		let n = 0;
		text = sql.replaceAll('?', () => `$${++n}`);
		numbered.set(sql, text);
	}
	return text;
}

/** `Queries` over the pool, or over one transaction's connection. */
function queriesOn(client: pg.Pool | pg.PoolClient): Queries {
	const query = (sql: string, params: SqlParam[]) =>
		client.query(params.length > 0 ? numberPlaceholders(sql) : sql, params);
	return {
		get: async (sql, ...params) => (await query(sql, params)).rows[0] as Row | undefined,
		all: async (sql, ...params) => (await query(sql, params)).rows as Row[],
		run: async (sql, ...params) => ({ changes: (await query(sql, params)).rowCount ?? 0 })
	};
}

/**
 * A connection pool set up the way Navette's durability promise needs (`synchronous_commit = on`
 * on every connection, so a commit is on disk, or on the synchronous standbys, when its query
 * resolves), with the schema migrated: the PostgreSQL side of the `SqlDatabase` seam.
 */
export class PostgresDatabase implements SqlDatabase {
	readonly kind = 'postgres';
	readonly forUpdate = ' FOR UPDATE';
	readonly #pool: pg.Pool;
	readonly #queries: Queries;
	#closed = false;

	private constructor(pool: pg.Pool) {
		this.#pool = pool;
		this.#queries = queriesOn(pool);
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

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		await this.#pool.end();
	}

	get(sql: string, ...params: SqlParam[]): Promise<Row | undefined> {
		return this.#queries.get(sql, ...params);
	}

	all(sql: string, ...params: SqlParam[]): Promise<Row[]> {
		return this.#queries.all(sql, ...params);
	}

	run(sql: string, ...params: SqlParam[]): Promise<{ changes: number }> {
		return this.#queries.run(sql, ...params);
	}

	/**
	 * On one connection of the pool. `read` is `REPEATABLE READ READ ONLY` (one snapshot); `write`
	 * is READ COMMITTED, with `lock` taken first as a transaction-scoped advisory lock (one
	 * number, or a text hashed by PostgreSQL): how Navette serialises read-then-write transactions
	 * that rows alone cannot lock (the first firm, one document's compaction).
	 */
	async transaction<T>(
		work: (tx: Queries) => Promise<T>,
		options: TransactionOptions = {}
	): Promise<T> {
		const client = await this.#pool.connect();
		try {
			await client.query(
				options.mode === 'read' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN'
			);
			if (typeof options.lock === 'number') {
				await client.query('SELECT pg_advisory_xact_lock($1)', [options.lock]);
			} else if (typeof options.lock === 'string') {
				await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [options.lock]);
			}
			const result = await work(queriesOn(client));
			await client.query('COMMIT');
			return result;
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			throw error;
		} finally {
			client.release();
		}
	}

	/** One multi-row INSERT per 30,000 parameters: one statement, one commit, for most batches. */
	async writeBatch(
		statements: Statement[],
		options: Pick<TransactionOptions, 'lock'> = {}
	): Promise<Row[][]> {
		if (statements.length === 1 && options.lock === undefined) {
			const [{ sql, params }] = statements as [Statement];
			return [await this.#queries.all(sql, ...params)];
		}
		return this.transaction(async (tx) => {
			const results: Row[][] = [];
			for (const { sql, params } of statements) results.push(await tx.all(sql, ...params));
			return results;
		}, options);
	}

	async insertMany(table: string, columns: readonly string[], rows: SqlParam[][]): Promise<void> {
		const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
		const insert = async (tx: Queries, chunk: SqlParam[][]) => {
			const tuple = `(${columns.map(() => '?').join(', ')})`;
			await tx.run(
				`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`,
				...chunk.flat()
			);
		};
		if (rows.length === 0) return;
		if (rows.length <= perStatement) return insert(this.#queries, rows);
		await this.transaction(async (tx) => {
			for (let i = 0; i < rows.length; i += perStatement) {
				await insert(tx, rows.slice(i, i + perStatement));
			}
		});
	}

	/** By the constraint's name: PostgreSQL's default `<table>_<column>_key`, which step 1 names. */
	isUniqueViolation(error: unknown, table: string, column: string): boolean {
		const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
		return code === UNIQUE_VIOLATION && constraint === `${table}_${column}_key`;
	}

	/**
	 * Exactly the seqs read: an identity's order is not commit order (an append may commit after
	 * one with a higher seq), so "up to the last seq read" could take a row never merged.
	 */
	seqsRead(seqs: readonly string[]): { sql: string; param: SqlParam } {
		return { sql: 'seq = ANY(?::bigint[])', param: [...seqs] };
	}

	/**
	 * Applies pending migrations in one transaction under an advisory lock, so that several
	 * instances starting at once migrate once (the schema too, when one is named).
	 */
	async #migrate(migrations: readonly Migration[], schema?: string): Promise<void> {
		await this.transaction(
			async (tx) => {
				if (schema) await tx.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
				await tx.run(schemaMigrationsTable('postgres'));
				const rows = await tx.all('SELECT version FROM schema_migrations');
				const applied = new Set(rows.map((row) => Number(row.version)));
				for (const migration of pendingMigrations(migrations, applied)) {
					await tx.run(migration.sql);
					await tx.run(
						'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
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

/** A schema name as an SQL identifier (tests pass generated names; quoting keeps it one name). */
function quoteIdentifier(name: string): string {
	return `"${name.replaceAll('"', '""')}"`;
}
