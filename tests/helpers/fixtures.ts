import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { test as base } from 'vitest';
import { openStore } from '../../src/lib/server/store/index.ts';
import { PostgresStore } from '../../src/lib/server/store/PostgresStore.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';
import { startNavette, type TestNavette } from './navette.ts';
import { freePort } from './ports.ts';
import { dropSchema, freshDatabase, freshSchemaName, TEST_DATABASE_URL } from './postgres.ts';
import { connectProvider, syncedProvider, type TestProvider } from './providers.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { spawnNavette, type SpawnedNavette } from './spawn.ts';

/**
 * Vitest fixtures (`test.extend`, after hocuspocus' `newHocuspocus`, which ties a server to the
 * test that made it): each one is set up only when a test (or, for the file-scoped ones, a
 * `test.beforeAll`) names it, and torn down by Vitest afterwards, in reverse order of setup.
 * They are registered folders first, then databases and SMTP sinks (what a server talks to),
 * servers, stores and providers, so that whatever order a test names them in, a provider is
 * destroyed before its server closes and a server closes before its folder, database or sink goes.
 *
 * Test-scoped: `tempDir`, `pgSchema`, `pgDatabase`, `smtpSink`, `startNavette`, `spawnNavette`,
 * `openStore`, `connectProvider`, `syncedProvider`. File-scoped, for what a `test.beforeAll` sets
 * up for all the file's tests (gone after the last): `fileTempDir`, `fileSmtpSink`,
 * `fileNavette`, `fileSpawnNavette`, `fileOpenStore`, `fileConnectProvider`, each the twin of the
 * test-scoped one.
 */

/** A schema of the test server's own, and stores opened on it. */
export interface TestSchema {
	name: string;
	/** A `PostgresStore` on this schema (pool of 4 unless told), closed after the test. */
	open(options?: { url?: string; max?: number }): Promise<PostgresStore>;
	/** One query on this schema, below the store, on a connection of its own. */
	query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

/** A fresh folder under the system's temp folder, removed with all it holds once done. */
// eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's dependencies from its pattern
async function makeTempDir({}, { onCleanup }: Teardown): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), 'navette-test-'));
	onCleanup(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/**
 * A fresh schema ({@link TestSchema}): its stores closed, then the schema dropped with all it holds,
 * once done. Exported for a suite whose test needs a second one (`test.extend('otherSchema',
 * makePgSchema)`).
 */
// eslint-disable-next-line no-empty-pattern -- see makeTempDir
export async function makePgSchema({}, { onCleanup }: Teardown): Promise<TestSchema> {
	const name = freshSchemaName();
	const stores: PostgresStore[] = [];
	onCleanup(async () => {
		for (const store of stores.splice(0).reverse()) await store.close();
		await dropSchema(name);
	});
	return {
		name,
		async open(options = {}) {
			const store = await PostgresStore.open(options.url ?? TEST_DATABASE_URL, {
				schema: name,
				max: options.max ?? 4
			});
			stores.push(store);
			return store;
		},
		query: (sql, params) => querySchema(name, sql, params)
	};
}

/** The builder's second argument (Vitest types it inline). */
export interface Teardown {
	onCleanup(cleanup: () => unknown): void;
}

/**
 * A factory whose products are all released, last made first, when the fixture is torn down:
 * for fixtures a test calls several times (two servers of one deployment, a restart), here and
 * in a suite's own `test.extend`. `make` may answer at once or with a promise; what it answers
 * is passed through as it is.
 */
export function releasing<A extends unknown[], R>(
	onCleanup: Teardown['onCleanup'],
	make: (...args: A) => R,
	release: (made: Awaited<R>) => unknown
): (...args: A) => R {
	const made: Awaited<R>[] = [];
	onCleanup(async () => {
		for (const item of made.splice(0).reverse()) await release(item);
	});
	return (...args) => {
		const result = make(...args);
		if (!(result instanceof Promise)) {
			made.push(result as Awaited<R>);
			return result;
		}
		return result.then((item: Awaited<R>) => {
			made.push(item);
			return item;
		}) as R;
	};
}

/**
 * `npm start` as a child, on a free port unless given one (a restart passes the same port);
 * each child still running once done gets SIGTERM and is waited for.
 */
// eslint-disable-next-line no-empty-pattern -- see makeTempDir
async function spawningNavettes({}, { onCleanup }: Teardown) {
	return releasing(
		onCleanup,
		async (options: { dataDir: string; port?: number; env?: Record<string, string> }) =>
			spawnNavette({ ...options, port: options.port ?? (await freePort()) }),
		(child: SpawnedNavette) => child.kill('SIGTERM')
	);
}

/**
 * `startSmtpSink` (`helpers/smtp-sink.ts`), on a random port unless given one (SMTP down, then
 * back where the app was told to send); each sink started closed once done.
 */
// eslint-disable-next-line no-empty-pattern -- see makeTempDir
async function startingSmtpSinks({}, { onCleanup }: Teardown) {
	return releasing(onCleanup, startSmtpSink, (sink: SmtpSink) => sink.close());
}

/** `openStore`, each store opened closed once done. */
// eslint-disable-next-line no-empty-pattern -- see makeTempDir
async function openingStores({}, { onCleanup }: Teardown) {
	return releasing(onCleanup, openStore, (store: Store) => store.close());
}

/** `connectProvider`, each provider made destroyed once done. */
// eslint-disable-next-line no-empty-pattern -- see makeTempDir
async function connectingProviders({}, { onCleanup }: Teardown) {
	return releasing(onCleanup, connectProvider, (provider) => provider.destroy());
}

export const test = base
	.extend('fileTempDir', { scope: 'file' }, makeTempDir)
	.extend('tempDir', makeTempDir)
	/** A fresh PostgreSQL schema ({@link TestSchema}), dropped with all it holds after the test. */
	.extend('pgSchema', makePgSchema)
	/** A fresh PostgreSQL database (for whole servers, which take a DATABASE_URL), dropped after. */
	// eslint-disable-next-line no-empty-pattern -- see makeTempDir
	.extend('pgDatabase', async ({}, { onCleanup }): Promise<{ url: string }> => {
		const database = await freshDatabase();
		onCleanup(database.drop);
		return { url: database.url };
	})
	/** A real SMTP server keeping what it receives, per call; each one closed after the test. */
	.extend('smtpSink', startingSmtpSinks)
	/** {@link smtpSink} for a `test.beforeAll`: closed after the file's last test. */
	.extend('fileSmtpSink', { scope: 'file' }, startingSmtpSinks)
	/**
	 * One demo Navette in process (`helpers/navette.ts`) for all the file's tests, on
	 * `fileTempDir` (a test may restart it there), started when first named and closed after the
	 * file's last test.
	 */
	.extend('fileNavette', { scope: 'file' }, async ({ fileTempDir }, { onCleanup }) => {
		const navette: TestNavette = await startNavette({ dataDir: fileTempDir });
		onCleanup(() => navette.close());
		return navette;
	})
	/** `npm start` as a child (`helpers/spawn.ts`); each one still running after the test is stopped. */
	.extend('spawnNavette', spawningNavettes)
	/** {@link spawnNavette} for a `test.beforeAll`: stopped after the file's last test. */
	.extend('fileSpawnNavette', { scope: 'file' }, spawningNavettes)
	/**
	 * A Navette in process of this test's own (`helpers/navette.ts`, demo firm unless told); each
	 * one started is closed after the test (closing one earlier, for a restart, is harmless).
	 */
	// eslint-disable-next-line no-empty-pattern -- see makeTempDir
	.extend('startNavette', async ({}, { onCleanup }) =>
		releasing(onCleanup, startNavette, (navette) => navette.close())
	)
	/** `openStore` as the server calls it; each store opened is closed after the test. */
	.extend('openStore', openingStores)
	/** {@link openStore} for a `test.beforeAll`: closed after the file's last test. */
	.extend('fileOpenStore', { scope: 'file' }, openingStores)
	/** A provider as the browser runs it (`helpers/providers.ts`), destroyed after the test. */
	.extend('connectProvider', connectingProviders)
	/** {@link connectProvider} for a `test.beforeAll`: destroyed after the file's last test. */
	.extend('fileConnectProvider', { scope: 'file' }, connectingProviders)
	/**
	 * A provider on `name` for a fresh session of the user with that e-mail, once synced
	 * (`helpers/providers.ts`); each one is destroyed after the test.
	 */
	// eslint-disable-next-line no-empty-pattern -- see makeTempDir
	.extend('syncedProvider', async ({}, { onCleanup }) =>
		releasing(onCleanup, syncedProvider, (provider: TestProvider) => provider.destroy())
	);

/** The same `test`, for suites written with `describe` / `it`. */
export const it = test;

async function querySchema(
	schema: string,
	sql: string,
	params: unknown[] = []
): Promise<Record<string, unknown>[]> {
	const client = new pg.Client({
		connectionString: TEST_DATABASE_URL,
		options: `-c search_path=${schema}`
	});
	await client.connect();
	try {
		return (await client.query(sql, params)).rows as Record<string, unknown>[];
	} finally {
		await client.end();
	}
}
