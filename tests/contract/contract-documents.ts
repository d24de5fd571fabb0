import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { bytes, type ContractContext, frame, unframe } from './contract-context.ts';

const MIB = 1024 * 1024;

const isPlainBytes = (value: unknown): boolean =>
	Object.getPrototypeOf(value) === Uint8Array.prototype;

/** The durable update log and its compaction (DESIGN §4): nothing acknowledged is ever lost. */
export function documentsContract(ctx: ContractContext): void {
	describe('documents', () => {
		/** A merge that records what it was given. */
		function recordingMerge() {
			const calls: Uint8Array[][] = [];
			const merge = (parts: Uint8Array[]) => {
				calls.push(parts.map((part) => part.slice()));
				return frame(parts);
			};
			return { calls, merge };
		}

		const neverCalled = () => {
			throw new Error('merge must not be called');
		};

		it('knows nothing of a document never stored', async () => {
			expect(await ctx.store.loadDocument('firm/f/tasks')).toBeNull();
			expect(await ctx.store.countUpdates('firm/f/tasks')).toBe(0);
			await ctx.store.compactDocument('firm/f/tasks', neverCalled);
			expect(await ctx.store.loadDocument('firm/f/tasks')).toBeNull();
		});

		it('appends to several documents in one go, in order', async () => {
			await ctx.store.appendUpdates([
				{ documentName: 'a', update: bytes(1) },
				{ documentName: 'b', update: bytes(2) },
				{ documentName: 'a', update: bytes(3) }
			]);
			expect(await ctx.store.loadDocument('a')).toEqual({
				snapshot: null,
				updates: [bytes(1), bytes(3)]
			});
			expect(await ctx.store.loadDocument('b')).toEqual({ snapshot: null, updates: [bytes(2)] });
			await ctx.store.appendUpdates([]);
		});

		it('keeps the log in append order', async () => {
			const updates = Array.from({ length: 100 }, (_, i) => bytes(i, 100 - i, i % 7));
			for (const update of updates) await ctx.store.appendUpdate('doc', update);
			expect(await ctx.store.loadDocument('doc')).toEqual({ snapshot: null, updates });
			expect(await ctx.store.countUpdates('doc')).toBe(100);
		});

		it('compacts snapshot + log into one snapshot, and appends after it', async () => {
			const { calls, merge } = recordingMerge();
			await ctx.store.appendUpdate('doc', bytes(1));
			await ctx.store.appendUpdate('doc', bytes(2, 2));
			await ctx.store.compactDocument('doc', merge);
			const first = frame([bytes(1), bytes(2, 2)]);
			expect(await ctx.store.loadDocument('doc')).toEqual({ snapshot: first, updates: [] });
			expect(await ctx.store.countUpdates('doc')).toBe(0);

			await ctx.store.appendUpdate('doc', bytes(3));
			await ctx.store.appendUpdate('doc', bytes(4));
			expect(await ctx.store.loadDocument('doc')).toEqual({
				snapshot: first,
				updates: [bytes(3), bytes(4)]
			});
			await ctx.store.compactDocument('doc', merge);
			expect(calls).toEqual([
				[bytes(1), bytes(2, 2)],
				[first, bytes(3), bytes(4)]
			]);
			await ctx.store.appendUpdate('doc', bytes(5));
			expect(await ctx.store.loadDocument('doc')).toEqual({
				snapshot: frame([first, bytes(3), bytes(4)]),
				updates: [bytes(5)]
			});
		});

		it('does not merge when there is nothing new since the snapshot', async () => {
			await ctx.store.appendUpdate('doc', bytes(1));
			await ctx.store.compactDocument('doc', frame);
			const before = await ctx.store.loadDocument('doc');
			await ctx.store.compactDocument('doc', neverCalled);
			expect(await ctx.store.loadDocument('doc')).toEqual(before);
		});

		it('keeps an update appended while the merge runs', async () => {
			await ctx.store.appendUpdate('doc', bytes(1));
			await ctx.store.appendUpdate('doc', bytes(2));
			let late: Promise<void> | undefined;
			await ctx.store.compactDocument('doc', (parts) => {
				late = ctx.store.appendUpdate('doc', bytes(3));
				return frame(parts);
			});
			await late;
			expect(await ctx.store.loadDocument('doc')).toEqual({
				snapshot: frame([bytes(1), bytes(2)]),
				updates: [bytes(3)]
			});
		});

		it('merges asynchronously: appends meanwhile stay, a concurrent compaction wins once', async () => {
			await ctx.store.appendUpdate('doc', bytes(1));
			let release: (() => void) | undefined;
			const slow = ctx.store.compactDocument('doc', async (parts) => {
				await new Promise<void>((resolve) => (release = resolve));
				return frame(parts);
			});
			// While the slow merge waits: an append, then a whole other compaction.
			await vi.waitFor(() => expect(release).toBeDefined());
			await ctx.store.appendUpdate('doc', bytes(2));
			await ctx.store.compactDocument('doc', frame);
			release!();
			await slow;
			// The slow one found its rows gone and wrote nothing over the other's snapshot.
			expect(await ctx.store.loadDocument('doc')).toEqual({
				snapshot: frame([bytes(1), bytes(2)]),
				updates: []
			});
			await ctx.store.appendUpdate('doc', bytes(3));
			await ctx.store.compactDocument('doc', async (parts) => frame(parts));
			expect(unframe((await ctx.store.loadDocument('doc'))!.snapshot!)).toEqual([
				frame([bytes(1), bytes(2)]),
				bytes(3)
			]);
		});

		it('loses nothing when the merge throws, and compacts later', async () => {
			await ctx.store.appendUpdate('doc', bytes(1));
			await ctx.store.compactDocument('doc', frame);
			await ctx.store.appendUpdate('doc', bytes(2));
			await ctx.store.appendUpdate('doc', bytes(3));
			const before = await ctx.store.loadDocument('doc');
			const failing = () => {
				throw new Error('merge failed');
			};
			await expect(ctx.store.compactDocument('doc', failing)).rejects.toThrow('merge failed');
			expect(await ctx.store.loadDocument('doc')).toEqual(before);
			expect(await ctx.store.countUpdates('doc')).toBe(2);

			await ctx.store.compactDocument('doc', frame);
			expect(unframe((await ctx.store.loadDocument('doc'))!.snapshot!)).toEqual([
				before!.snapshot,
				bytes(2),
				bytes(3)
			]);
		});

		it('keeps documents apart, whatever their names', async () => {
			const names = ['firm/a/tasks', 'firm/a/tasks/x', 'firm/A/tasks', 'firm/a/clients/é/requests'];
			for (const [i, name] of names.entries()) {
				await ctx.store.appendUpdate(name, bytes(i));
				await ctx.store.appendUpdate(name, bytes(i, i));
			}
			const { calls, merge } = recordingMerge();
			await ctx.store.compactDocument(names[0]!, merge);
			expect(calls).toEqual([[bytes(0), bytes(0, 0)]]);
			for (const [i, name] of names.slice(1).entries()) {
				expect(await ctx.store.loadDocument(name)).toEqual({
					snapshot: null,
					updates: [bytes(i + 1), bytes(i + 1, i + 1)]
				});
			}
		});

		it('stores bytes exactly, as plain Uint8Arrays: any value, views, empty, 1 MiB', async () => {
			const every = Uint8Array.from({ length: 256 }, (_, i) => i);
			const backing = Uint8Array.from({ length: 64 }, (_, i) => 255 - i);
			const view = backing.subarray(10, 20);
			const large = Uint8Array.from({ length: MIB }, (_, i) => (i * 2_654_435_761) >>> 24);
			const updates = [every, view, new Uint8Array(0), large, Buffer.from([7, 0, 7])];
			for (const update of updates) await ctx.store.appendUpdate('doc', update);

			const stored = (await ctx.store.loadDocument('doc'))!;
			expect(stored.updates).toEqual(updates.map((u) => new Uint8Array(u)));
			expect(stored.updates.every(isPlainBytes)).toBe(true);
			expect(stored.updates[1]!.byteLength).toBe(10);

			await ctx.store.compactDocument('doc', frame);
			await ctx.store.appendUpdate('doc', large);
			const compacted = (await ctx.store.loadDocument('doc'))!;
			expect(isPlainBytes(compacted.snapshot)).toBe(true);
			expect(unframe(compacted.snapshot!)).toEqual(stored.updates);
			expect(compacted.updates).toEqual([large]);
		});

		it('rebuilds a real Yjs document from snapshot + log', async () => {
			const name = 'firm/f/clients/c/requests';
			const alice = new Y.Doc();
			const bob = new Y.Doc();
			const pending: Uint8Array[] = [];
			// Relay between two editors as the server does, logging every update once.
			const relay = (from: Y.Doc, to: Y.Doc) =>
				from.on('update', (update: Uint8Array, origin: unknown) => {
					if (origin === 'relay') return;
					pending.push(update);
					Y.applyUpdate(to, update, 'relay');
				});
			relay(alice, bob);
			relay(bob, alice);
			const persist = async () => {
				for (const update of pending.splice(0)) await ctx.store.appendUpdate(name, update);
			};

			const requests = alice.getMap<Y.Map<unknown>>('requests');
			const request = new Y.Map<unknown>();
			requests.set('r1', request);
			request.set('title', 'Relevés bancaires avril');
			request.set('comments', new Y.Array<unknown>());
			alice.getText('notes').insert(0, 'Bonjour, merci de déposer les relevés.');
			bob.getArray<string>('log').push(['créée', 'transmise', 'relancée']);
			await persist();
			await ctx.store.compactDocument(name, Y.mergeUpdates);

			bob.getMap<Y.Map<unknown>>('requests').get('r1')!.set('status', 'in_progress');
			bob.getText('notes').delete(0, 9);
			alice.getArray<string>('log').delete(1, 1);
			requests.set('r2', new Y.Map<unknown>([['title', 'Factures']]));
			requests.delete('r2');
			await persist();

			const stored = (await ctx.store.loadDocument(name))!;
			expect(stored.snapshot).not.toBeNull();
			expect(stored.updates.length).toBeGreaterThan(0);
			const rebuilt = new Y.Doc();
			Y.applyUpdate(rebuilt, stored.snapshot!);
			for (const update of stored.updates) Y.applyUpdate(rebuilt, update);
			expectSameDocument(rebuilt, alice);

			await ctx.store.compactDocument(name, Y.mergeUpdates);
			const compacted = (await ctx.store.loadDocument(name))!;
			expect(compacted.updates).toEqual([]);
			const fromSnapshot = new Y.Doc();
			Y.applyUpdate(fromSnapshot, compacted.snapshot!);
			expectSameDocument(fromSnapshot, bob);
		});
	});
}

function expectSameDocument(actual: Y.Doc, expected: Y.Doc): void {
	expect(actual.getMap('requests').toJSON()).toEqual(expected.getMap('requests').toJSON());
	expect(actual.getText('notes').toString()).toBe(expected.getText('notes').toString());
	expect(actual.getArray('log').toJSON()).toEqual(expected.getArray('log').toJSON());
	// Same state vector and delete set: the same document, not just the same visible content.
	expect(Y.equalSnapshots(Y.snapshot(actual), Y.snapshot(expected))).toBe(true);
}
