import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { PostgresStore } from '../src/lib/server/store/PostgresStore.ts';
import { SqliteStore } from '../src/lib/server/store/SqliteStore.ts';
import { dropSchema, freshSchemaName, TEST_DATABASE_URL } from '../tests/helpers/postgres.ts';
import { HEADER, row, summarize } from './stats.ts';

/**
 * The hot path of every edit (DESIGN §4): `appendUpdate` of a 100-byte update, `APPENDS` times
 * one after the other, on each store. The baseline is the same INSERT through the driver alone
 * (node:sqlite prepared statement under the same PRAGMAs; one `pg` client), so the row between
 * them is what the store adds. Store-bound: recorded before and after store changes.
 */
const APPENDS = 2000;
const UPDATE = new Uint8Array(100).map((_, i) => i);
const INSERT = 'INSERT INTO doc_updates (name, data, at) VALUES ($1, $2, $3)';

async function latencies(append: () => unknown): Promise<number[]> {
	const samples: number[] = [];
	for (let i = 0; i < APPENDS; i++) {
		const start = performance.now();
		await append();
		samples.push(performance.now() - start);
	}
	return samples;
}

async function sqlite(): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'navette-append-'));
	try {
		const store = SqliteStore.open(join(dir, 'navette.db'));
		const storeSamples = await latencies(() => store.appendUpdate('bench-doc', UPDATE));
		await store.close();
		const raw = new DatabaseSync(join(dir, 'navette.db'));
		raw.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
		const insert = raw.prepare(INSERT.replace(/\$\d/g, '?'));
		const rawSamples = await latencies(() =>
			insert.run('bench-doc', UPDATE, new Date().toISOString())
		);
		raw.close();
		console.log(row('SQLite: node:sqlite INSERT alone', summarize(rawSamples)));
		console.log(row('SQLite: store.appendUpdate', summarize(storeSamples)));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function postgres(): Promise<void> {
	const schema = freshSchemaName();
	try {
		const store = await PostgresStore.open(TEST_DATABASE_URL, { schema, max: 4 });
		const storeSamples = await latencies(() => store.appendUpdate('bench-doc', UPDATE));
		await store.close();
		const raw = new pg.Client({
			connectionString: TEST_DATABASE_URL,
			options: `-c search_path=${schema} -c synchronous_commit=on`
		});
		await raw.connect();
		const rawSamples = await latencies(() =>
			raw.query(INSERT, ['bench-doc', UPDATE, new Date().toISOString()])
		);
		await raw.end();
		console.log(row('PostgreSQL: pg INSERT alone', summarize(rawSamples)));
		console.log(row('PostgreSQL: store.appendUpdate', summarize(storeSamples)));
	} finally {
		await dropSchema(schema);
	}
}

export async function run(): Promise<void> {
	console.log(
		`\n== Store append (${APPENDS} sequential appends of 100 bytes; baseline: the driver alone) ==`
	);
	console.log(HEADER);
	await sqlite();
	await postgres();
}

if (import.meta.main) await run();
