import { parentPort } from 'node:worker_threads';
import { mergeToSnapshot } from './documents.ts';

/** Merges stored parts into a snapshot for `MergeWorker`, off the server's event loop. */
parentPort!.on('message', ({ id, parts }: { id: number; parts: Uint8Array[] }) => {
	try {
		const merged = mergeToSnapshot(parts);
		parentPort!.postMessage({ id, merged }, [merged.buffer as ArrayBuffer]);
	} catch (error) {
		parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
	}
});
