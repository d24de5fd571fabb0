import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import {
	collabUrl,
	fetchCollabInfo,
	redirectToLogin,
	SessionExpiredError
} from './collab-token.ts';

export type SyncState = 'connecting' | 'saving' | 'saved' | 'offline' | 'refused';

export const SYNC_LABELS: Record<SyncState, string> = {
	connecting: 'Connexion…',
	saving: 'Enregistrement…',
	saved: 'Enregistré',
	offline: 'Hors ligne',
	refused: 'Accès refusé'
};

/**
 * One Yjs document kept in sync with the server, and what the UI says about it. « Enregistré »
 * means the server acknowledged every local change, and the server acknowledges only what it has
 * stored (DESIGN §4).
 */
export class DocumentSync {
	readonly doc = new Y.Doc();
	readonly name: string;
	connected = $state(false);
	synced = $state(false);
	unsyncedChanges = $state(0);
	refusal = $state<string | null>(null);
	readonly #provider: HocuspocusProvider;

	constructor(name: string) {
		this.name = name;
		this.#provider = new HocuspocusProvider({
			url: collabUrl(window.location),
			name,
			document: this.doc,
			token: async () => {
				try {
					return (await fetchCollabInfo()).token;
				} catch (error) {
					if (error instanceof SessionExpiredError) redirectToLogin(window.location);
					throw error;
				}
			},
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
	}

	get state(): SyncState {
		if (this.refusal) return 'refused';
		if (!this.connected) return this.synced ? 'offline' : 'connecting';
		if (!this.synced || this.unsyncedChanges > 0) return 'saving';
		return 'saved';
	}

	get label(): string {
		return SYNC_LABELS[this.state];
	}

	/** The awareness of the connection, for presence (who else is here). */
	get awareness() {
		return this.#provider.awareness;
	}

	destroy(): void {
		this.#provider.destroy();
		this.doc.destroy();
	}
}
