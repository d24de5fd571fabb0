import { describe, expect } from 'vitest';
import * as Y from 'yjs';
import { mergeToSnapshot } from '../../server/documents.ts';
import { MergeWorker } from '../../server/MergeWorker.ts';
import { test } from '../helpers/fixtures.ts';

/** Compaction's merge in a worker thread: the same snapshot, with the event loop free meanwhile. */
// eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's dependencies from its pattern
const it = test.extend('worker', { scope: 'file' }, async ({}, { onCleanup }) => {
	const worker = new MergeWorker();
	onCleanup(() => worker.close());
	return worker;
});

/** A few MiB of Yjs history: many small edits of a text, then most of them deleted. */
function history(): Uint8Array[] {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	const text = doc.getText('t');
	for (let i = 0; i < 3000; i++) text.insert(text.length, `ligne ${i} ${'x'.repeat(200)}\n`);
	text.delete(0, text.length - 1000);
	return updates;
}

describe('MergeWorker', () => {
	it('merges large documents off the event loop into the same snapshot', async ({ worker }) => {
		const parts = history();
		const expected = mergeToSnapshot(parts);
		let ticks = 0;
		const timer = setInterval(() => ticks++, 1);
		const merged = await worker.merge(parts);
		clearInterval(timer);
		expect(merged).toEqual(expected);
		// The loop kept turning while the worker merged (inline, it would not have turned once).
		expect(ticks).toBeGreaterThan(0);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, merged);
		expect(doc.getText('t').length).toBe(1000);
	});

	it('merges small documents in place', ({ worker }) => {
		const small = [Y.encodeStateAsUpdate(new Y.Doc())];
		expect(worker.merge(small)).toBeInstanceOf(Uint8Array);
	});

	it('rejects what Yjs cannot read, and goes on merging afterwards', async ({ worker }) => {
		const garbage = new Uint8Array(300 * 1024).fill(255);
		await expect(worker.merge([garbage])).rejects.toThrow();
		expect(await worker.merge(history())).toBeInstanceOf(Uint8Array);
	});
});
