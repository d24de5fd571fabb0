import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PostgresStore } from '../src/lib/server/store/PostgresStore.ts';
import { SqliteStore } from '../src/lib/server/store/SqliteStore.ts';
import type { Store } from '../src/lib/server/store/Store.ts';
import { dropSchema, freshSchemaName, TEST_DATABASE_URL } from '../tests/helpers/postgres.ts';
import { HEADER, row, summarize } from './stats.ts';

/**
 * The hot path of every edit (DESIGN §4): `appendUpdate` of a ~100-byte update, `APPENDS` times
 * one after the other, on each store. Store-bound, so recorded before and after store changes.
 */
const APPENDS = 2000;
const UPDATE = new Uint8Array(100).map((_, i) => i);

async function appendLatencies(store: Store): Promise<number[]> {
	const samples: number[] = [];
	for (let i = 0; i < APPENDS; i++) {
		const start = performance.now();
		await store.appendUpdate('bench-doc', UPDATE);
		samples.push(performance.now() - start);
	}
	return samples;
}

export async function run(): Promise<void> {
	console.log(`\n== Store appendUpdate (${APPENDS} sequential appends of 100 bytes) ==`);
	console.log(HEADER);
	const dir = mkdtempSync(join(tmpdir(), 'navette-append-'));
	const sqlite = SqliteStore.open(join(dir, 'navette.db'));
	try {
		console.log(row('SQLite (WAL, synchronous=FULL)', summarize(await appendLatencies(sqlite))));
	} finally {
		await sqlite.close();
		rmSync(dir, { recursive: true, force: true });
	}
	const url = process.env.DATABASE_URL ?? TEST_DATABASE_URL;
	const schema = freshSchemaName();
	const postgres = await PostgresStore.open(url, { schema, max: 4 });
	try {
		console.log(row('PostgreSQL (synchronous_commit)', summarize(await appendLatencies(postgres))));
	} finally {
		await postgres.close();
		await dropSchema(schema);
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
