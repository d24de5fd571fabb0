import { Worker } from 'node:worker_threads';
import { mergeToSnapshot } from './documents.ts';

/** Below this, merging in place costs less than the round trip to the worker. */
const INLINE_BYTES = 256 * 1024;

type Pending = { resolve: (merged: Uint8Array) => void; reject: (error: Error) => void };

/**
 * Compaction's merge (`mergeToSnapshot`) for large documents, in a worker thread: the overview of
 * a 500-client firm takes about half a second to merge, which on the event loop would freeze
 * every connection of the process meanwhile. The worker starts on first use, holds the process
 * open only while it has work, and is replaced if it dies.
 */
export class MergeWorker {
	#worker: Worker | null = null;
	readonly #pending = new Map<number, Pending>();
	#nextId = 0;

	readonly merge = (parts: Uint8Array[]): Uint8Array | Promise<Uint8Array> => {
		const size = parts.reduce((sum, part) => sum + part.byteLength, 0);
		if (size < INLINE_BYTES) return mergeToSnapshot(parts);
		const id = this.#nextId++;
		const worker = this.#start();
		return new Promise<Uint8Array>((resolve, reject) => {
			this.#pending.set(id, { resolve, reject });
			worker.ref();
			worker.postMessage({ id, parts });
		});
	};

	async close(): Promise<void> {
		const worker = this.#worker;
		this.#worker = null;
		await worker?.terminate();
	}

	#start(): Worker {
		if (this.#worker) return this.#worker;
		const worker = new Worker(new URL('./merge-worker.ts', import.meta.url));
		worker.unref();
		worker.on(
			'message',
			({ id, merged, error }: { id: number; merged?: Uint8Array; error?: string }) => {
				const pending = this.#pending.get(id);
				this.#pending.delete(id);
				if (this.#pending.size === 0) worker.unref();
				if (!pending) return;
				if (merged) pending.resolve(merged);
				else pending.reject(new Error(error ?? 'merge failed'));
			}
		);
		const fail = (error: Error) => {
			if (this.#worker === worker) this.#worker = null;
			for (const [id, pending] of this.#pending) {
				this.#pending.delete(id);
				pending.reject(error);
			}
		};
		worker.on('error', fail);
		worker.on('exit', (code) => fail(new Error(`merge worker exited with code ${code}`)));
		this.#worker = worker;
		return worker;
	}
}
