import * as Y from 'yjs';

/**
 * Folds stored parts (snapshot, then log) into one compact update. Going through a Y.Doc rather
 * than `Y.mergeUpdates` lets Yjs garbage-collect deleted content.
 */
export function mergeToSnapshot(parts: Uint8Array[]): Uint8Array {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const part of parts) Y.applyUpdate(doc, part);
	});
	const snapshot = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return snapshot;
}
