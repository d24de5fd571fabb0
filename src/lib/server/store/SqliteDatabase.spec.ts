import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SQLITE_MIGRATIONS } from './migrations.ts';
import { SqliteDatabase } from './SqliteDatabase.ts';

/** A database on a fresh file, closed and removed after the test. */
function openDatabase(): { db: SqliteDatabase; file: string } {
	const dir = mkdtempSync(join(tmpdir(), 'navette-sqlite-'));
	const file = join(dir, 'navette.db');
	const db = SqliteDatabase.open(file, SQLITE_MIGRATIONS);
	onTestFinished(async () => {
		await db.close();
		rmSync(dir, { recursive: true, force: true });
	});
	return { db, file };
}

const FIRM = 'INSERT INTO firms (id, name, created_at) VALUES (?, ?, ?)';
const AT = '2024-01-01T00:00:00.000Z';

/** The firms as a second connection sees them: what is committed. */
function committedFirms(file: string): string[] {
	const other = new DatabaseSync(file);
	try {
		return other
			.prepare('SELECT id FROM firms ORDER BY id')
			.all()
			.map((row) => String(row.id));
	} finally {
		other.close();
	}
}

describe('SqliteDatabase (one connection, async transactions)', () => {
	it('keeps a write made by another caller out of a transaction that rolls back meanwhile', async () => {
		const { db, file } = openDatabase();
		let resume!: () => void;
		const paused = new Promise<void>((resolve) => (resume = resolve));
		const order: string[] = [];
		const failing = db.transaction(async (tx) => {
			await tx.run(FIRM, 'rolled-back', 'A', AT);
			await paused;
			order.push('transaction ends');
			throw new Error('changed its mind');
		});
		// Issued while the transaction is open and awaiting: it must wait, not run inside it.
		const write = db.run(FIRM, 'other', 'B', AT).then(() => order.push('other write'));
		const read = db.all('SELECT id FROM firms').then((rows) => rows.map((row) => row.id));
		await new Promise((resolve) => setImmediate(resolve));
		expect(order).toEqual([]);
		resume();
		await expect(failing).rejects.toThrow('changed its mind');
		await write;
		expect(order).toEqual(['transaction ends', 'other write']);
		expect(await read).toEqual(['other']);
		expect(committedFirms(file)).toEqual(['other']);
	});

	it('runs two transactions one after the other, never interleaved', async () => {
		const { db } = openDatabase();
		const steps: string[] = [];
		const work = (name: string) =>
			db.transaction(async (tx) => {
				steps.push(`${name} begins`);
				await tx.run(FIRM, name, name, AT);
				await new Promise((resolve) => setImmediate(resolve));
				steps.push(`${name} ends`);
			});
		await Promise.all([work('a'), work('b')]);
		expect(steps).toEqual(['a begins', 'a ends', 'b begins', 'b ends']);
	});

	it('runs a statement at once, committed when the call returns, when no transaction is open', async () => {
		const { db, file } = openDatabase();
		const pending = db.run(FIRM, 'now', 'N', AT);
		expect(committedFirms(file)).toEqual(['now']);
		await pending;
	});

	it('writes a batch in the writer thread, committed once it resolves, with its RETURNING rows', async () => {
		const { db, file } = openDatabase();
		const [pragma, inserted] = await db.writeBatch([
			{ sql: 'PRAGMA synchronous', params: [] },
			{ sql: `${FIRM} RETURNING id`, params: ['batch', 'W', AT] }
		]);
		// The writer's own connection fsyncs at each commit too (FULL = 2).
		expect(pragma).toEqual([{ synchronous: 2 }]);
		expect(inserted).toEqual([{ id: 'batch' }]);
		expect(committedFirms(file)).toEqual(['batch']);
	});

	it('writes nothing of a batch when one of its statements fails, and says why', async () => {
		const { db, file } = openDatabase();
		await db.run(FIRM, 'taken', 'T', AT);
		const batch = db.writeBatch([
			{ sql: FIRM, params: ['fresh', 'F', AT] },
			{ sql: FIRM, params: ['taken', 'T', AT] }
		]);
		const error = await batch.then(
			() => null,
			(error: unknown) => error
		);
		// SQLite's own message and extended code, as the main connection would throw them.
		expect(error).toMatchObject({
			message: expect.stringContaining('firms.id'),
			errcode: 1555 // SQLITE_CONSTRAINT_PRIMARYKEY
		});
		expect(committedFirms(file)).toEqual(['taken']);
	});

	it('commits the batches written meanwhile together, a failing one undone alone', async () => {
		const { db, file } = openDatabase();
		await db.run(FIRM, 'taken', 'T', AT);
		const write = (id: string) => db.writeBatch([{ sql: FIRM, params: [id, id, AT] }]);
		// The first goes to the writer at once; the next three wait for it and go as one batch.
		const outcomes = await Promise.allSettled([
			write('first'),
			write('second'),
			write('taken'),
			write('third')
		]);
		expect(outcomes.map((outcome) => outcome.status)).toEqual([
			'fulfilled',
			'fulfilled',
			'rejected',
			'fulfilled'
		]);
		expect(committedFirms(file)).toEqual(['first', 'second', 'taken', 'third']);
	});
});
