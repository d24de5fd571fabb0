import {
	isTransactionOrigin,
	type Extension,
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
	/** Its hooks run after the other extensions' (theirs have the default priority, 100). */
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
			this.#log(documentName, document);
			return;
		}
		document.transact(() => {
			if (stored.snapshot) Y.applyUpdate(document, stored.snapshot, LOAD_ORIGIN);
			for (const update of stored.updates) applyStoredUpdate(document, documentName, update);
		}, LOAD_ORIGIN);
		await this.#migrate(documentName, document);
		this.#log(documentName, document);
	}

	/**
	 * A document stored by an older schema is brought to the current one here, once, before
	 * anyone is served it: in one transaction of origin `migrateDocument` (server), appended to the
	 * log like any change. Should the append fail the load fails, and nobody is served the
	 * migrated copy; the next load migrates again. (It runs before `#log` listens.)
	 */
	async #migrate(documentName: string, document: Y.Doc): Promise<void> {
		const before = Y.encodeStateVector(document);
		if (!migrateDocument(document)) return;
		await this.#store.appendUpdate(documentName, Y.encodeStateAsUpdate(document, before));
	}

	/**
	 * Every change to a loaded document reaches the log from here, whatever its origin: Yjs hands
	 * this listener each transaction's update once it is applied, in the same step as
	 * Hocuspocus's own listener, which queues the broadcast (so the append, queued here for the
	 * next group commit, goes to the store after peers were sent the edit) and before Hocuspocus
	 * sends the sender its `SyncStatus` (held here until the append is durable). What is logged
	 * is what Yjs applied, re-encoded by Yjs: readable by construction, and only what the
	 * document did not already hold. The origins:
	 * - a client connection (checked by Auth and Guard before it was applied): appended, and that
	 *   connection's acknowledgements wait for it;
	 * - Redis (another instance received it and logs it): not appended, but noted for
	 *   `onStoreDocument`;
	 * - this extension's load: not a change;
	 * - anything else is the server's own write (the overview's mirrors, a command run on the live
	 *   document, a direct connection): appended; `settled()` lets it wait until stored.
	 */
	#log(documentName: string, document: Y.Doc): void {
		document.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === LOAD_ORIGIN) return;
			if (isTransactionOrigin(origin) && origin.source === 'redis') {
				this.#relayed.add(document);
				return;
			}
			const stored = this.#commits.append(documentName, update, document);
			if (isTransactionOrigin(origin) && origin.source === 'connection') {
				holdAcknowledgements(origin.connection, stored);
			}
		});
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
