import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/lib/server/store/SqliteStore.ts';
import { SQLITE_MIGRATIONS } from '../../src/lib/server/store/sqlite-migrations.ts';
import { storeContractSuite } from './store-contract.ts';

function tempFile(): { file: string; remove: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'navette-store-'));
	return {
		file: join(dir, 'navette.db'),
		remove: () => rmSync(dir, { recursive: true, force: true })
	};
}

storeContractSuite('SQLite', async () => {
	const { file, remove } = tempFile();
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

describe('SQLite specifics', () => {
	it('runs in WAL mode with synchronous=FULL and foreign keys on', async () => {
		const { file, remove } = tempFile();
		const store = SqliteStore.open(file);
		expect(store.pragmas()).toEqual({ journalMode: 'wal', synchronous: 2, foreignKeys: 1 });
		await store.close();
		remove();
	});

	it('applies each migration once and records it', async () => {
		const { file, remove } = tempFile();
		await SqliteStore.open(file).close();
		await SqliteStore.open(file).close();
		const db = new DatabaseSync(file);
		const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
		db.close();
		expect(rows.map((r) => r.version)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
		remove();
	});

	it('keeps every append that resolved when the process is killed with SIGKILL', async () => {
		const { file, remove } = tempFile();
		const script = fileURLToPath(new URL('../fixtures/append-forever.ts', import.meta.url));
		const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
		const appended: string[] = [];
		await new Promise<void>((resolve) => {
			createInterface({ input: child.stdout! }).on('line', (line) => {
				appended.push(line);
				if (appended.length === 300) {
					child.kill('SIGKILL');
					resolve();
				}
			});
		});
		await new Promise((resolve) => child.once('exit', resolve));
		const store = SqliteStore.open(file);
		const stored = await store.loadDocument('doc');
		await store.close();
		const present = new Set(stored!.updates.map((u) => new TextDecoder().decode(u)));
		expect(appended.filter((line) => !present.has(line))).toEqual([]);
		remove();
	});
});
