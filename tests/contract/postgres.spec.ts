import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/lib/server/store/index.ts';
import { POSTGRES_MIGRATIONS } from '../../src/lib/server/store/migrations.ts';
import { PostgresStore } from '../../src/lib/server/store/PostgresStore.ts';
import { dropSchema, freshSchemaName, TEST_DATABASE_URL } from '../helpers/postgres.ts';
import { firmWithClient } from './contract-context.ts';
import { storeContractSuite } from './store-contract.ts';

storeContractSuite('PostgreSQL', async () => {
	const schema = freshSchemaName();
	let store = await PostgresStore.open(TEST_DATABASE_URL, { schema, max: 4 });
	return {
		store,
		async reopen() {
			await store.close();
			store = await PostgresStore.open(TEST_DATABASE_URL, { schema, max: 4 });
			return store;
		},
		async cleanup() {
			await store.close();
			await dropSchema(schema);
		}
	};
});

describe('PostgreSQL store specifics', () => {
	const cleanups: (() => Promise<unknown> | void)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});

	/** A fresh schema, dropped after the test; `open` opens a store on it (closed after the test). */
	function fresh() {
		const schema = freshSchemaName();
		cleanups.push(() => dropSchema(schema));
		const open = async () => {
			const store = await PostgresStore.open(TEST_DATABASE_URL, { schema, max: 4 });
			cleanups.push(() => store.close());
			return store;
		};
		const query = async (sql: string) => {
			const client = new pg.Client({
				connectionString: TEST_DATABASE_URL,
				options: `-c search_path=${schema}`
			});
			await client.connect();
			try {
				return (await client.query(sql)).rows as Record<string, unknown>[];
			} finally {
				await client.end();
			}
		};
		return { schema, open, query };
	}

	it('commits synchronously on every connection, even when DATABASE_URL asks otherwise', async () => {
		const { schema } = fresh();
		const url = new URL(TEST_DATABASE_URL);
		url.searchParams.set('options', '-c synchronous_commit=off');
		const store = await PostgresStore.open(url.href, { schema, max: 4 });
		cleanups.push(() => store.close());
		// Concurrent, so that they run on several of the pool's connections.
		const settings = await Promise.all(Array.from({ length: 8 }, () => store.settings()));
		expect(new Set(settings.map((s) => s.synchronousCommit))).toEqual(new Set(['on']));
	});

	it('migrates once when several instances start together, and reopens without reapplying', async () => {
		const { open, query } = fresh();
		await Promise.all([open(), open(), open()]);
		const first = await query('SELECT version, name, applied_at FROM schema_migrations');
		expect(first.map((r) => [r.version, r.name])).toEqual(
			POSTGRES_MIGRATIONS.map((m) => [m.version, m.name])
		);
		await open();
		expect(await query('SELECT version, name, applied_at FROM schema_migrations')).toEqual(first);
	});

	it('refuses a database migrated by a newer Navette', async () => {
		const { schema, open, query } = fresh();
		await open();
		await query(`INSERT INTO schema_migrations VALUES (999, 'future', now())`);
		await expect(PostgresStore.open(TEST_DATABASE_URL, { schema })).rejects.toThrow(
			/schema version 999/
		);
	});

	it('keeps a user or a file tied to a client of its own firm', async () => {
		const { open } = fresh();
		const store = await open();
		const { firm } = await firmWithClient(store);
		const other = await firmWithClient(store, { firm: 'Autre cabinet', client: 'Autre client' });
		const user = {
			firmId: firm.id,
			email: 'x@example.fr',
			name: 'X',
			role: 'client' as const,
			clientId: other.client.id,
			passwordHash: 'h'
		};
		await expect(store.createUser(user)).rejects.toThrow(/foreign key/);
		const staff = await store.createUser({ ...user, role: 'admin', clientId: null });
		await expect(
			store.createFile({
				firmId: firm.id,
				clientId: other.client.id,
				requestId: null,
				sha256: 'a'.repeat(64),
				size: 1,
				mime: 'application/pdf',
				name: 'x.pdf',
				gedPath: 'x.pdf',
				uploadedBy: staff.id
			})
		).rejects.toThrow(/foreign key/);
	});

	it('loses no append made by another instance while it compacts, nor by a rival compaction', async () => {
		const { open } = fresh();
		const [a, b] = await Promise.all([open(), open()]);
		const encoder = new TextEncoder();
		const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
		const appended: string[] = [];
		let stop = false;
		const appending = (async () => {
			for (let n = 0; !stop || n < 50; n++) {
				await b.appendUpdate('doc', encoder.encode(String(n)));
				appended.push(String(n));
			}
		})();
		// Slow merges, so that appends land between each compaction's read and its write. A snapshot
		// is the numbers merged so far, one a line.
		const slowMerge = async (parts: Uint8Array[]) => {
			await new Promise((resolve) => setTimeout(resolve, 5));
			return encoder.encode(parts.map(decode).join('\n'));
		};
		for (let round = 0; round < 10; round++) {
			await Promise.all([a.compactDocument('doc', slowMerge), b.compactDocument('doc', slowMerge)]);
		}
		stop = true;
		await appending;

		const stored = (await a.loadDocument('doc'))!;
		const numbers = [
			...(stored.snapshot ? decode(stored.snapshot).split('\n') : []),
			...stored.updates.map(decode)
		];
		expect(stored.snapshot).not.toBeNull();
		expect(numbers.toSorted((x, y) => Number(x) - Number(y))).toEqual(appended);
	});

	it('is what openStore gives for DATABASE_URL, and an unreachable server is an error, not SQLite', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'navette-pg-'));
		cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
		const store = await openStore({ dataDir, databaseUrl: TEST_DATABASE_URL });
		cleanups.push(() => store.close());
		expect(store.kind).toBe('postgres');
		await expect(
			openStore({ dataDir, databaseUrl: 'postgres://postgres@127.0.0.1:1/navette' })
		).rejects.toThrow(/ECONNREFUSED/);
		expect(existsSync(join(dataDir, 'navette.db'))).toBe(false);
	});
});
