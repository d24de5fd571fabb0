import * as Y from 'yjs';
import type { DocRef } from '../src/lib/domain/doc-names.ts';
import {
	initOverviewDocument,
	initRequestsDocument,
	initTasksDocument
} from '../src/lib/doc/schema.ts';

/**
 * The first content of a document, created here on the server and nowhere else: a browser never
 * seeds a document, so two first visits cannot race two different initial states.
 */
export function initialUpdate(ref: DocRef): Uint8Array {
	const doc = new Y.Doc();
	if (ref.kind === 'tasks') initTasksDocument(doc);
	else if (ref.kind === 'overview') initOverviewDocument(doc);
	else initRequestsDocument(doc);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

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
