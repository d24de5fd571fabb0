import * as Y from 'yjs';
import type { DocRef } from '../domain/doc-names.ts';
import {
	initActivityDocument,
	initOverviewDocument,
	initRequestsDocument,
	initTasksDocument
} from './schema.ts';

/**
 * The first content of a document, created here on the server and nowhere else: a browser never
 * seeds a document, so two first visits cannot race two different initial states.
 */
export function initialUpdate(ref: DocRef): Uint8Array {
	const doc = new Y.Doc();
	if (ref.kind === 'tasks') initTasksDocument(doc);
	else if (ref.kind === 'overview') initOverviewDocument(doc);
	else if (ref.kind === 'activity') initActivityDocument(doc);
	else initRequestsDocument(doc);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}
