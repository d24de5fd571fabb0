import {
	isTransactionOrigin,
	type beforeHandleMessagePayload,
	type Extension,
	type onChangePayload,
	type onLoadDocumentPayload,
	type onStoreDocumentPayload
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { parseDocName } from '../../src/lib/domain/doc-names.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';
import { initialUpdate, mergeToSnapshot } from '../documents.ts';
import { documentUpdateOf, isEmptyUpdate } from './messages.ts';

/** Marks changes applied while loading, so that they are not mistaken for edits. */
export const LOAD_ORIGIN = { source: 'persistence' } as const;

/**
 * Durable documents (DESIGN §4). Hocuspocus acknowledges an update as soon as it is applied, and
 * stores documents seconds later; here every incoming update is appended to the store's log
 * *before* it is applied, so an acknowledgement means "stored". `onStoreDocument` only compacts
 * the log into a snapshot, so losing it loses nothing.
 */
export class Persistence implements Extension {
	readonly extensionName = 'Persistence';
	/** After the checks (Auth, Guard), which run first at higher priority. */
	readonly priority = 10;
	readonly #store: Store;

	constructor(store: Store) {
		this.#store = store;
	}

	/**
	 * Snapshot + log. A store failure throws, and Hocuspocus then refuses the connection: a document
	 * that failed to load is never served empty, so it can never be saved over the stored one.
	 */
	async onLoadDocument(payload: onLoadDocumentPayload): Promise<void> {
		try {
			await this.#load(payload);
		} catch (error) {
			console.error(`Cannot load ${payload.documentName}; refusing to serve it`, error);
			throw Object.assign(new Error(), { reason: 'document-unavailable' });
		}
	}

	async #load({ documentName, document }: onLoadDocumentPayload): Promise<void> {
		const stored = await this.#store.loadDocument(documentName);
		if (!stored) {
			const ref = parseDocName(documentName);
			if (!ref) throw new Error(`Refusing to create a document named ${documentName}`);
			const first = initialUpdate(ref);
			await this.#store.appendUpdate(documentName, first);
			Y.applyUpdate(document, first, LOAD_ORIGIN);
			return;
		}
		document.transact(() => {
			if (stored.snapshot) Y.applyUpdate(document, stored.snapshot, LOAD_ORIGIN);
			for (const update of stored.updates) applyStoredUpdate(document, documentName, update);
		}, LOAD_ORIGIN);
	}

	async beforeHandleMessage({
		update: raw,
		documentName,
		connection
	}: beforeHandleMessagePayload): Promise<void> {
		if (connection.readOnly) return;
		const update = documentUpdateOf(raw);
		if (!update || isEmptyUpdate(update)) return;
		// Refuse what Yjs cannot read before it enters the log: a stored update that cannot be
		// decoded would break every later load of the document.
		Y.decodeUpdate(update);
		await this.#store.appendUpdate(documentName, update);
	}

	/**
	 * Changes made by the server itself (the overview, later imports) go through the same log.
	 * Client updates were logged before they were applied, and updates relayed from another
	 * instance were logged there: neither is appended twice.
	 */
	async onChange({ documentName, update, transactionOrigin }: onChangePayload): Promise<void> {
		if (transactionOrigin === LOAD_ORIGIN) return;
		if (isTransactionOrigin(transactionOrigin) && transactionOrigin.source !== 'local') return;
		await this.#store.appendUpdate(documentName, update);
	}

	async onStoreDocument({ documentName }: onStoreDocumentPayload): Promise<void> {
		await this.#store.compactDocument(documentName, mergeToSnapshot);
	}
}

/** One unreadable log entry must not make the whole document unreadable: skip it, loudly. */
function applyStoredUpdate(document: Y.Doc, documentName: string, update: Uint8Array): void {
	try {
		Y.applyUpdate(document, update, LOAD_ORIGIN);
	} catch (error) {
		console.error(`Skipping an unreadable stored update of ${documentName}`, error);
	}
}
