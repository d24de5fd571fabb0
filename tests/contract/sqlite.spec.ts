import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { describe, expect, onTestFinished } from 'vitest';
import { SqliteDatabase } from '../../src/lib/server/store/SqliteDatabase.ts';
import { SQLITE_MIGRATIONS } from '../../src/lib/server/store/migrations.ts';
import { SqliteStore } from '../../src/lib/server/store/SqliteStore.ts';
import { releasing, test } from '../helpers/fixtures.ts';
import { storeContractSuite } from './store-contract.ts';

const APPEND_FOREVER = fileURLToPath(new URL('../fixtures/append-forever.ts', import.meta.url));

/** A fresh folder per test; `file` is in a subfolder not yet created, as `open` must create it. */
function tempDatabase(): { dir: string; file: string; remove: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'navette-store-'));
	return {
		dir,
		file: join(dir, 'data', 'navette.db'),
		remove: () => rmSync(dir, { recursive: true, force: true })
	};
}

/** Reads a closed database file directly, below the store. */
function query(file: string, sql: string): Record<string, unknown>[] {
	const db = new DatabaseSync(file);
	try {
		return db.prepare(sql).all();
	} finally {
		db.close();
	}
}

storeContractSuite('SQLite', async () => {
	const { file, remove } = tempDatabase();
	let store = SqliteStore.open(file);
	return {
		store,
		async reopen() {
			await store.close();
			store = SqliteStore.open(file);
			return store;
		},
		async cleanup() {
			await store.close();
			remove();
		}
	};
});

describe('SQLite store specifics', () => {
	/** `open(file)`: a SqliteStore on that file, closed after the test. */
	// eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's dependencies from its pattern
	const it = test.extend('open', async ({}, { onCleanup }) =>
		releasing(
			onCleanup,
			(file: string) => SqliteStore.open(file),
			(store) => store.close()
		)
	);

	/** The database file in a fresh folder, in a subfolder not yet created (`open` creates it). */
	const databaseIn = (dir: string) => join(dir, 'data', 'navette.db');

	it('runs in WAL mode with synchronous=FULL, foreign keys and a busy timeout', ({
		tempDir,
		open
	}) => {
		const store = open(databaseIn(tempDir));
		expect(store.pragmas()).toEqual({
			journalMode: 'wal',
			synchronous: 2,
			foreignKeys: 1,
			busyTimeout: 5000
		});
	});

	it('numbers its migrations strictly upwards', () => {
		const versions = SQLITE_MIGRATIONS.map((m) => m.version);
		expect(versions[0]).toBe(1);
		expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
	});

	it('applies each migration once, records it, and reopens without reapplying', async ({
		tempDir
	}) => {
		const file = databaseIn(tempDir);
		await SqliteStore.open(file).close();
		const first = query(file, 'SELECT version, name, applied_at FROM schema_migrations');
		expect(first.map((r) => [r.version, r.name])).toEqual(
			SQLITE_MIGRATIONS.map((m) => [m.version, m.name])
		);
		await SqliteStore.open(file).close();
		expect(query(file, 'SELECT version, name, applied_at FROM schema_migrations')).toEqual(first);
	});

	it('upgrades a database made at version 1, keeping its data', async ({ tempDir, open }) => {
		const file = databaseIn(tempDir);
		await SqliteDatabase.open(file, SQLITE_MIGRATIONS.slice(0, 1)).close();
		const db = new DatabaseSync(file);
		db.exec(`INSERT INTO firms VALUES ('f', 'Cabinet', '2024-01-01T00:00:00.000Z');
			INSERT INTO clients (id, firm_id, name, created_at)
			VALUES ('c', 'f', 'Alter Ce', '2024-01-01T00:00:00.000Z');`);
		db.close();
		const store = open(file);
		expect(await store.getFirm('f')).toMatchObject({ name: 'Cabinet' });
		expect(await store.getClient('c')).toMatchObject({
			name: 'Alter Ce',
			closingDate: '12-31',
			vatRegime: null,
			managerId: null
		});
		expect(query(file, 'SELECT MAX(version) AS v FROM schema_migrations')).toEqual([
			{ v: SQLITE_MIGRATIONS.at(-1)!.version }
		]);
		expect(query(file, "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'trigger'")).toEqual([
			{ n: 4 }
		]);
	});

	it('refuses a database migrated by a newer Navette', async ({ tempDir }) => {
		const file = databaseIn(tempDir);
		await SqliteStore.open(file).close();
		const db = new DatabaseSync(file);
		db.exec(`INSERT INTO schema_migrations VALUES (999, 'future', '2100-01-01T00:00:00.000Z')`);
		db.close();
		expect(() => SqliteStore.open(file)).toThrow(/schema version 999/);
	});

	it('opens <dataDir>/navette.db when DATABASE_URL is not set', async ({ tempDir, openStore }) => {
		const dataDir = join(tempDir, 'nested', 'data');
		const store = await openStore({ dataDir });
		expect(store.kind).toBe('sqlite');
		expect(existsSync(join(dataDir, 'navette.db'))).toBe(true);
	});

	it('keeps every append that resolved when the process is killed with SIGKILL', async ({
		tempDir,
		open
	}) => {
		const file = databaseIn(tempDir);
		const KILL_AFTER = 230;
		const child = spawn(process.execPath, [APPEND_FOREVER, file], {
			stdio: ['ignore', 'pipe', 'pipe']
		});
		onTestFinished(() => void child.kill('SIGKILL'));
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const printed: number[] = [];
		createInterface({ input: child.stdout }).on('line', (line) => {
			printed.push(Number(line));
			if (printed.length === KILL_AFTER) child.kill('SIGKILL');
		});
		// 'close' comes after stdout ended, so every line the child printed has been read.
		const signal = await new Promise((resolve) =>
			child.once('close', (_, signal) => resolve(signal))
		);
		expect(signal, `the child stopped by itself:\n${stderr}`).toBe('SIGKILL');
		expect(printed.length).toBeGreaterThanOrEqual(KILL_AFTER);

		expect(query(file, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
		const store = open(file);
		const stored = (await store.loadDocument('doc'))!;
		const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
		const numbers = [
			...(stored.snapshot ? decode(stored.snapshot).split('\n') : []),
			...stored.updates.map(decode)
		].map(Number);
		// Appends are sequential: what is stored is 0..n with no gap, and n covers every print.
		expect(numbers).toEqual(numbers.map((_, i) => i));
		expect(numbers.length).toBeGreaterThan(Math.max(...printed));
		expect(stored.snapshot).not.toBeNull();
	}, 30_000);
});
