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
import { initialUpdate } from '../../src/lib/doc/initial.ts';
import { migrateDocument } from '../../src/lib/doc/schema.ts';
import { mergeToSnapshot } from '../documents.ts';
import { documentUpdateOf, isEmptyUpdate } from './messages.ts';

/** Log entries an open document may accumulate before a store compacts it. */
export const COMPACT_AFTER = 200;

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
	readonly #merge: (parts: Uint8Array[]) => Uint8Array | Promise<Uint8Array>;
	readonly #appending = new Set<Promise<void>>();

	/** `merge` folds a document's stored parts when compacting (a worker thread's, in the app). */
	constructor(
		store: Store,
		options: { merge?: (parts: Uint8Array[]) => Uint8Array | Promise<Uint8Array> } = {}
	) {
		this.#store = store;
		this.#merge = options.merge ?? mergeToSnapshot;
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
		await this.#migrate(documentName, document);
	}

	/**
	 * A document stored by an older schema is brought to the current one here, once, before
	 * anyone is served it: in one transaction of origin `migrateDocument` (server), appended to the
	 * log like any change (Hocuspocus only hands changes to `onChange` once the load is over, so
	 * this logs it itself). Should the append fail the load fails, and nobody is served the
	 * migrated copy; the next load migrates again.
	 */
	async #migrate(documentName: string, document: Y.Doc): Promise<void> {
		const before = Y.encodeStateVector(document);
		if (!migrateDocument(document)) return;
		await this.#store.appendUpdate(documentName, Y.encodeStateAsUpdate(document, before));
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
	 * Changes made by the server itself (the overview's mirrors and reconciliations, later
	 * imports) go through the same log. Which ones: every change whose origin is neither a client
	 * connection (logged in `beforeHandleMessage`, before it was applied), nor Redis (logged by the
	 * instance that received it), nor this extension's load. That leaves a direct connection's
	 * `{ source: 'local' }` and a command's `{ command, actorId }` run on the live document.
	 *
	 * Hocuspocus neither awaits this hook nor catches its rejection (an unhandled rejection would
	 * stop the process), so a failed append is only logged: fine for the overview, derived data
	 * that the next load reconciles; a server writer of primary data must append before applying.
	 * Hocuspocus broadcasts at the end of the event-loop turn (`flushDelay: 0`) and the SQLite
	 * append writes synchronously before its first await, so with SQLite the row is on disk
	 * before a browser receives the change; not so for a change of 1 MiB or more, which
	 * Hocuspocus sends at once (the overview writes in batches that normally stay far below), nor with an
	 * asynchronous store. `settled()` lets shutdown wait for the appends in flight.
	 */
	async onChange({ documentName, update, transactionOrigin }: onChangePayload): Promise<void> {
		if (transactionOrigin === LOAD_ORIGIN) return;
		if (isTransactionOrigin(transactionOrigin) && transactionOrigin.source !== 'local') return;
		const append = this.#store.appendUpdate(documentName, update).catch((error) => {
			console.error(`Cannot log a server change of ${documentName}`, error);
		});
		this.#appending.add(append);
		try {
			await append;
		} finally {
			this.#appending.delete(append);
		}
	}

	/** Resolves once every server change handed to `onChange` so far is stored (or failed). */
	async settled(): Promise<void> {
		await Promise.all([...this.#appending]);
	}

	/**
	 * Compaction rewrites the whole document: for a large one (the overview of a 500-client firm:
	 * 6–9 MiB, about 0.6 s of merging, done in a worker thread by the app) that is too much to do
	 * every few seconds while it is being edited. So an open document is compacted only once its log holds
	 * {@link COMPACT_AFTER} entries; one that nobody has open any more (it is about to unload, or
	 * the process is stopping) always is. The log is durable either way: this only bounds load
	 * time and disk use.
	 */
	async onStoreDocument({
		documentName,
		document,
		clientsCount
	}: onStoreDocumentPayload): Promise<void> {
		const open = clientsCount > 0 && document.getConnectionsCount() > 0;
		if (open && (await this.#store.countUpdates(documentName)) < COMPACT_AFTER) return;
		await this.#store.compactDocument(documentName, this.#merge);
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
