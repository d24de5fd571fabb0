import { HocuspocusProvider, type HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { isCommandOrigin } from '../doc/origins.ts';
import { UPDATE_REFUSED } from '../doc/write-rules.ts';

export type SyncState = 'connecting' | 'saving' | 'saved' | 'offline' | 'refused' | 'rejected';

export const SYNC_LABELS: Record<SyncState, string> = {
	connecting: 'Connexion…',
	saving: 'Enregistrement…',
	saved: 'Enregistré',
	offline: 'Hors ligne',
	refused: 'Accès refusé',
	rejected: 'Modification refusée par le serveur'
};

/** After the server refused an edit, the page reloads from the server after this long. */
const RESYNC_DELAY_MS = 2000;

/** What the sync indicator says, counting the changes that wait for the network when offline. */
export function syncLabel(state: SyncState, pending: number): string {
	if (state !== 'offline' || pending === 0) return SYNC_LABELS[state];
	return `Hors ligne — ${pending} modification${pending > 1 ? 's' : ''} en attente`;
}

/**
 * One Yjs document kept in sync with the server and cached in IndexedDB, and what the UI says
 * about it. « Enregistré » means the server acknowledged every local change, and the server
 * acknowledges only what it has stored (DESIGN §4).
 */
export class DocumentSync {
	readonly doc = new Y.Doc();
	readonly name: string;
	connected = $state(false);
	synced = $state(false);
	/** The local copy (IndexedDB) was read: the page can show data before the network answers. */
	loadedLocally = $state(false);
	unsyncedChanges = $state(0);
	/**
	 * The user's edits the server has not stored yet. Unlike the provider's own count, it survives
	 * a reload: edits made offline wait in the local copy, and this says how many.
	 */
	pendingEdits = $state(0);
	refusal = $state<string | null>(null);
	/** The server refused an edit of this copy (only a tampered browser can make one). */
	rejected = $state(false);
	/** Presence (who else has this document open); null until the connection starts. */
	awareness = $state.raw<Awareness | null>(null);
	/** Settles the first time there is data to show (see `ready`). */
	readonly whenReady: Promise<void>;
	#becameReady: () => void = () => {};
	#provider: HocuspocusProvider | null = null;
	#local: IndexeddbPersistence | null = null;
	readonly #pendingKey: string | null;
	#destroyed = false;

	constructor(
		name: string,
		options: {
			socket: HocuspocusProviderWebsocket;
			token: () => Promise<string>;
			localDatabase: string | null;
			/** Reading the local copy waits for this (a view that shows something cheaper first). */
			after?: Promise<unknown>;
		}
	) {
		this.name = name;
		this.whenReady = new Promise((resolve) => (this.#becameReady = resolve));
		this.#pendingKey = options.localDatabase && `${options.localDatabase}:pending`;
		this.pendingEdits = readCount(this.#pendingKey);
		// Not an `update` listener: any of those makes Yjs encode every transaction, the load of
		// the whole local copy included (see openLocalCopy).
		this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
			if (isCommandOrigin(transaction.origin) && transaction.changed.size > 0) {
				this.#setPending(this.pendingEdits + 1);
			}
		});
		const start = () => {
			if (this.#destroyed) return;
			const database = options.localDatabase;
			this.#local = database ? openLocalCopy(database, this.doc) : null;
			// Sync with the server only once the local copy is in: the first sync step then names
			// what this browser has, and the server sends the difference, not the whole document.
			const local = this.#local?.whenSynced ?? Promise.resolve();
			local.then(
				() => this.#connect(options),
				() => this.#connect(options)
			);
		};
		if (options.after) options.after.then(start, start);
		else start();
	}

	#connect(options: { socket: HocuspocusProviderWebsocket; token: () => Promise<string> }): void {
		if (this.#destroyed) return;
		// An empty local copy (first visit) is not data to show.
		this.loadedLocally = this.#local !== null && this.doc.store.clients.size > 0;
		if (this.loadedLocally) this.#becameReady();
		this.#provider = new HocuspocusProvider({
			websocketProvider: options.socket,
			name: this.name,
			document: this.doc,
			token: options.token,
			onStatus: ({ status }) => {
				this.connected = status === 'connected';
			},
			onSynced: ({ state }) => {
				this.synced = state;
				if (state) this.#becameReady();
				if (state && this.#provider?.unsyncedChanges === 0) this.#setPending(0);
			},
			onUnsyncedChanges: ({ number }) => {
				this.unsyncedChanges = number;
				// Zero after a sync: the server has stored everything this copy holds, including
				// what was edited offline before a reload (sent in the sync's second step).
				if (number === 0 && this.synced) this.#setPending(0);
			},
			onAuthenticationFailed: ({ reason }) => {
				this.refusal = reason;
			},
			onClose: ({ event }) => {
				if (event.reason === UPDATE_REFUSED) void this.#discardAndResync();
			}
		});
		this.#provider.attach();
		this.connected = options.socket.status === 'connected';
		this.awareness = this.#provider.awareness;
	}

	/** Data can be shown: from the server, or from the local copy while offline. */
	get ready(): boolean {
		return this.synced || this.loadedLocally;
	}

	get state(): SyncState {
		if (this.rejected) return 'rejected';
		if (this.refusal) return 'refused';
		if (!this.connected) return this.synced || this.loadedLocally ? 'offline' : 'connecting';
		if (!this.synced || this.unsyncedChanges > 0) return 'saving';
		return 'saved';
	}

	/**
	 * The server refused an edit of this copy: the copy holds something the server will never
	 * take, so it is thrown away, with its pending count, and the page starts again from the
	 * server's document.
	 */
	async #discardAndResync(): Promise<void> {
		this.rejected = true;
		this.#provider?.destroy();
		await this.#local?.clearData();
		this.#setPending(0);
		setTimeout(() => location.reload(), RESYNC_DELAY_MS);
	}

	#setPending(count: number): void {
		if (count === this.pendingEdits) return;
		this.pendingEdits = count;
		if (!this.#pendingKey) return;
		if (count === 0) localStorage.removeItem(this.#pendingKey);
		else localStorage.setItem(this.#pendingKey, String(count));
	}

	destroy(): void {
		this.#destroyed = true;
		this.#provider?.destroy();
		void this.#local?.destroy();
		this.doc.destroy();
	}
}

function readCount(key: string | null): number {
	const count = key ? Number(localStorage.getItem(key)) : 0;
	return Number.isSafeInteger(count) && count > 0 ? count : 0;
}

/**
 * y-indexeddb listens to every update of the document to store it, and any `update` listener
 * makes Yjs encode each transaction — its own load of the whole local copy included (measured:
 * 0.6 s of a 2 s warm start for a 500-client firm). Nothing can be edited before the copy is in
 * (the page waits for it, and the server connection starts after it), so the listener is only
 * attached once the copy has loaded.
 */
function openLocalCopy(name: string, doc: Y.Doc): IndexeddbPersistence {
	const local = new IndexeddbPersistence(name, doc);
	doc.off('update', local._storeUpdate);
	local.whenSynced.then(
		() => {
			if (!doc.isDestroyed) doc.on('update', local._storeUpdate);
		},
		() => {}
	);
	return local;
}
