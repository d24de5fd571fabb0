import * as Y from 'yjs';
import type { Store } from '../../src/lib/server/store/Store.ts';

/**
 * A document as the store holds it (snapshot + log), read without the server loading it; an
 * empty document when nothing is stored under `name`.
 */
export async function storedDocument(store: Store, name: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	const parts = await store.loadDocument(name);
	for (const part of [parts?.snapshot ?? null, ...(parts?.updates ?? [])]) {
		if (part) Y.applyUpdate(doc, part);
	}
	return doc;
}
