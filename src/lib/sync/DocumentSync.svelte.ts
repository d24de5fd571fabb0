import { HocuspocusProvider, type HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

export type SyncState = 'connecting' | 'saving' | 'saved' | 'offline' | 'refused';

export const SYNC_LABELS: Record<SyncState, string> = {
	connecting: 'Connexion…',
	saving: 'Enregistrement…',
	saved: 'Enregistré',
	offline: 'Hors ligne',
	refused: 'Accès refusé'
};

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
	refusal = $state<string | null>(null);
	readonly #provider: HocuspocusProvider;
	readonly #local: IndexeddbPersistence | null;

	constructor(
		name: string,
		options: {
			socket: HocuspocusProviderWebsocket;
			token: () => Promise<string>;
			localDatabase: string | null;
		}
	) {
		this.name = name;
		this.#local = options.localDatabase
			? new IndexeddbPersistence(options.localDatabase, this.doc)
			: null;
		this.#local?.whenSynced.then(
			() => (this.loadedLocally = true),
			() => {}
		);
		this.#provider = new HocuspocusProvider({
			websocketProvider: options.socket,
			name,
			document: this.doc,
			token: options.token,
			onStatus: ({ status }) => {
				this.connected = status === 'connected';
			},
			onSynced: ({ state }) => {
				this.synced = state;
			},
			onUnsyncedChanges: ({ number }) => {
				this.unsyncedChanges = number;
			},
			onAuthenticationFailed: ({ reason }) => {
				this.refusal = reason;
			}
		});
		this.#provider.attach();
		this.connected = options.socket.status === 'connected';
	}

	/** Data can be shown: from the server, or from the local copy while offline. */
	get ready(): boolean {
		return this.synced || this.loadedLocally;
	}

	get state(): SyncState {
		if (this.refusal) return 'refused';
		if (!this.connected) return this.synced || this.loadedLocally ? 'offline' : 'connecting';
		if (!this.synced || this.unsyncedChanges > 0) return 'saving';
		return 'saved';
	}

	/** Presence: who else has this document open, and where. */
	get awareness() {
		return this.#provider.awareness;
	}

	destroy(): void {
		this.#provider.destroy();
		void this.#local?.destroy();
		this.doc.destroy();
	}
}
