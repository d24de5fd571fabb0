import { Redis } from '@hocuspocus/extension-redis';
import {
	isTransactionOrigin,
	OutgoingMessage,
	type afterUnloadDocumentPayload,
	type onChangePayload
} from '@hocuspocus/server';
import * as Y from 'yjs';

type Configuration = ConstructorParameters<typeof Redis>[0];

/** How long after a change a document's state vector follows it (the relay's repair). */
export const RESYNC_MS = 1000;

/**
 * Hocuspocus' Redis extension, relaying each change as the update itself (issue 16). The stock
 * extension publishes a change as the document's state vector (a SyncStep1); every other
 * instance answers with its own, and the first answers that with the missing update: three trips
 * through Redis before a peer on another instance sees an edit. Here the update goes out as it
 * is (merged per document and event-loop turn, as Hocuspocus batches its own broadcast), and the
 * other instances apply it from the message: one trip.
 *
 * What the state vector bought is kept, later: an update lost on the way (a Redis reconnect, an
 * instance subscribing while it is published) is repaired by the state-vector exchange, which
 * now follows a document's changes within {@link RESYNC_MS} instead of with each one. The
 * messages are the stock extension's (its channel per document, its identifier prefix), so its
 * subscriber applies them, with its origin, unchanged; loading, awareness, stateless messages
 * and the store lock are the stock extension's own.
 */
export class Relay extends Redis {
	readonly #resyncMs: number;
	/** Per document, the updates of this turn not yet published. */
	readonly #pending = new Map<string, Uint8Array[]>();
	/** Per document, the state-vector exchange due after its latest changes. */
	readonly #resync = new Map<string, NodeJS.Timeout>();

	constructor(configuration: Configuration, { resyncMs = RESYNC_MS } = {}) {
		super(configuration);
		this.#resyncMs = resyncMs;
	}

	override async onChange(data: onChangePayload): Promise<void> {
		const { documentName, transactionOrigin } = data;
		if (isTransactionOrigin(transactionOrigin) && transactionOrigin.source === 'redis') return;
		let updates = this.#pending.get(documentName);
		if (!updates) {
			updates = [];
			this.#pending.set(documentName, updates);
			setImmediate(() => this.#publish(documentName));
		}
		updates.push(data.update);
		if (!this.#resync.has(documentName)) {
			const timer = setTimeout(() => {
				this.#resync.delete(documentName);
				// The stock change handler: it publishes the document's state vector.
				super.onChange(data).catch((error: unknown) => {
					console.error(`Redis: cannot resync ${documentName}`, error);
				});
			}, this.#resyncMs);
			timer.unref();
			this.#resync.set(documentName, timer);
		}
	}

	override async afterUnloadDocument(data: afterUnloadDocumentPayload): Promise<void> {
		if (!data.instance.documents.has(data.documentName)) this.#cancelResync(data.documentName);
		await super.afterUnloadDocument(data);
	}

	override async onDestroy(): Promise<void> {
		for (const documentName of [...this.#resync.keys()]) this.#cancelResync(documentName);
		await super.onDestroy();
	}

	#publish(documentName: string): void {
		const updates = this.#pending.get(documentName);
		this.#pending.delete(documentName);
		if (!updates) return;
		const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
		const message = new OutgoingMessage(documentName).createSyncMessage().writeUpdate(update);
		// The stock extension's channel and framing (its `pubKey` and `encodeMessage`).
		const channel = `${this.configuration.prefix}:${documentName}`;
		this.pub
			.publish(channel, Buffer.concat([this.messagePrefix, message.toUint8Array()]))
			.catch((error: unknown) => {
				console.error(`Redis: cannot relay a change of ${documentName}`, error);
			});
	}

	#cancelResync(documentName: string): void {
		clearTimeout(this.#resync.get(documentName));
		this.#resync.delete(documentName);
	}
}
