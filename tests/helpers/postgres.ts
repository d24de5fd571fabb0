import pg from 'pg';

/**
 * The PostgreSQL tests use: the machine's server (CI and every session run one on 127.0.0.1:5432
 * with trust auth), or TEST_DATABASE_URL. Never a mock.
 */
export const TEST_DATABASE_URL =
	process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const suffix = () => crypto.randomUUID().replaceAll('-', '').slice(0, 12);

/** A fresh schema name per test, dropped by `dropSchema`: tests share one server, not their data. */
export const freshSchemaName = (): string => `navette_test_${suffix()}`;

export async function dropSchema(schema: string): Promise<void> {
	await admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/**
 * A fresh database (for whole servers, which use DATABASE_URL as an operator would) and its URL;
 * `drop` removes it once the servers using it are closed.
 */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
	const name = `navette_test_${suffix()}`;
	await admin(`CREATE DATABASE ${name}`);
	const url = new URL(TEST_DATABASE_URL);
	url.pathname = `/${name}`;
	return {
		url: url.href,
		drop: async () => {
			await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		}
	};
}

/** One statement on the test server's own database, with a clear failure when it is down. */
export async function admin(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
	const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
	try {
		await client.connect();
	} catch (error) {
		throw new Error(
			`PostgreSQL is not reachable at ${TEST_DATABASE_URL}: start it, or set TEST_DATABASE_URL`,
			{ cause: error }
		);
	}
	try {
		return await client.query(sql, params);
	} finally {
		await client.end();
	}
}
