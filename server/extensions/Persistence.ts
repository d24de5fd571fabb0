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
import { GroupCommit } from '../GroupCommit.ts';
import { holdAcknowledgements } from './acknowledgements.ts';
import { documentUpdateOf, isEmptyUpdate } from './messages.ts';

/** Log entries an open document may accumulate before a store compacts it. */
export const COMPACT_AFTER = 200;

/** Marks changes applied while loading, so that they are not mistaken for edits. */
export const LOAD_ORIGIN = { source: 'persistence' } as const;

/**
 * Durable documents (DESIGN §4). Hocuspocus acknowledges an update as soon as it is applied, and
 * stores documents seconds later; here every incoming update is appended to the store's log, in
 * a group commit, and applied and relayed at once, but the sender's acknowledgement waits until
 * the append is durable: an acknowledgement still means "stored", without anyone waiting for the
 * disk but the sender. `onStoreDocument` only compacts the log into a snapshot, so losing it
 * loses nothing.
 */
export class Persistence implements Extension {
	readonly extensionName = 'Persistence';
	/** After the checks (Auth, Guard), which run first at higher priority. */
	readonly priority = 10;
	readonly #store: Store;
	readonly #merge: (parts: Uint8Array[]) => Uint8Array | Promise<Uint8Array>;
	readonly #commits: GroupCommit;
	/** Live documents that received changes another instance relayed (see onStoreDocument). */
	readonly #relayed = new WeakSet<Y.Doc>();

	/** `merge` folds a document's stored parts when compacting (a worker thread's, in the app). */
	constructor(
		store: Store,
		options: { merge?: (parts: Uint8Array[]) => Uint8Array | Promise<Uint8Array> } = {}
	) {
		this.#store = store;
		this.#merge = options.merge ?? mergeToSnapshot;
		this.#commits = new GroupCommit(store);
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
		// A document unloaded a moment ago may still have appends waiting for the next flush:
		// loading it without them would serve it without edits its peers already saw.
		await this.#commits.settled();
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

	/**
	 * Runs last of the checks' hooks (lowest priority), so that the update is appended only once
	 * accepted, and it does not wait: Hocuspocus then applies and relays the update in the same
	 * turn, with no await between, so a failed document's state encoded later always holds it.
	 */
	async beforeHandleMessage({
		update: raw,
		documentName,
		document,
		connection
	}: beforeHandleMessagePayload): Promise<void> {
		if (connection.readOnly) return;
		const update = documentUpdateOf(raw);
		if (!update || isEmptyUpdate(update)) return;
		// Refuse what Yjs cannot read before it enters the log: a stored update that cannot be
		// decoded would break every later load of the document.
		Y.decodeUpdate(update);
		holdAcknowledgements(connection, this.#commits.append(documentName, update, document));
	}

	/**
	 * Changes made by the server itself (the overview's mirrors and reconciliations, later
	 * imports) go through the same log. Which ones: every change whose origin is neither a client
	 * connection (logged in `beforeHandleMessage`), nor Redis (logged by the instance that
	 * received it; noted, for `onStoreDocument`), nor this extension's load. That leaves a direct connection's
	 * `{ source: 'local' }` and a command's `{ command, actorId }` run on the live document.
	 * Hocuspocus does not await this hook; `settled()` lets a server write wait until its change
	 * is stored (or failed, and then appended again with the document's state).
	 */
	async onChange({
		documentName,
		document,
		update,
		transactionOrigin
	}: onChangePayload): Promise<void> {
		if (transactionOrigin === LOAD_ORIGIN) return;
		if (isTransactionOrigin(transactionOrigin) && transactionOrigin.source === 'redis') {
			this.#relayed.add(document);
			return;
		}
		if (isTransactionOrigin(transactionOrigin) && transactionOrigin.source !== 'local') return;
		await this.#commits.append(documentName, update, document);
	}

	/** Resolves once every change appended so far is stored, or failed and being appended again. */
	settled(): Promise<void> {
		return this.#commits.settled();
	}

	/** Shutdown: what is waiting is flushed, and failed documents are tried once more. */
	close(): Promise<void> {
		return this.#commits.close();
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
		// An instance relays an edit before it is stored: should it die in between, the edit lives
		// on only here, where its sender's next sync would not resend it. So a document that got
		// relayed changes stores its whole state once before it unloads (duplicates merge away).
		if (!open && this.#relayed.has(document)) {
			this.#relayed.delete(document);
			await this.#commits.append(documentName, Y.encodeStateAsUpdate(document), document);
		}
		await this.#commits.settled();
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
