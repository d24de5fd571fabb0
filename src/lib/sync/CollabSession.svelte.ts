import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { SvelteMap } from 'svelte/reactivity';
import {
	collabUrl,
	fetchCollabInfo,
	redirectToLogin,
	SessionExpiredError
} from './collab-token.ts';
import { DocumentSync, syncLabel, type SyncState } from './DocumentSync.svelte.ts';
import { localDatabaseName } from './local-cache.ts';

const FIRST_TOKEN_FRESH_MS = 60_000;

/** Worst first: the indicator shows the state that most needs the user's attention. */
const SEVERITY: SyncState[] = ['rejected', 'refused', 'offline', 'connecting', 'saving', 'saved'];

/**
 * A signed-in user's sync session: one WebSocket to `/collab` shared by every document the pages
 * open, each document opened once however many views use it.
 */
export class CollabSession {
	readonly userId: string;
	readonly #socket: HocuspocusProviderWebsocket;
	readonly #documents = new SvelteMap<string, { sync: DocumentSync; users: number }>();
	/**
	 * The first token, asked for at once: the first document needs it only once its local copy
	 * is read, and by then the answer is here. Used once, and only while fresh (tokens live five
	 * minutes); later connections ask afresh.
	 */
	#firstToken: Promise<string> | null;
	readonly #firstTokenAt = Date.now();

	constructor(userId: string) {
		this.userId = userId;
		this.#socket = new HocuspocusProviderWebsocket({ url: collabUrl(window.location) });
		// Not through #fetchToken: a failure here (offline, session expired) only means the first
		// document asks again, which redirects to sign in if it must, when it connects.
		this.#firstToken = fetchCollabInfo().then((info) => info.token);
		this.#firstToken.catch(() => {});
	}

	/**
	 * Opens (or shares) a document; call the returned release when the view goes away. `after`
	 * delays reading the local copy, for a view that first shows something cheaper.
	 */
	open(
		name: string,
		options: { after?: Promise<unknown> } = {}
	): { sync: DocumentSync; release: () => void } {
		let entry = this.#documents.get(name);
		if (!entry) {
			const sync = new DocumentSync(name, {
				socket: this.#socket,
				token: () => this.#token(),
				localDatabase: localDatabaseName(this.userId, name),
				after: options.after
			});
			entry = { sync, users: 0 };
			this.#documents.set(name, entry);
		}
		entry.users++;
		const opened = entry;
		let released = false;
		return {
			sync: opened.sync,
			release: () => {
				if (released) return;
				released = true;
				if (--opened.users > 0) return;
				opened.sync.destroy();
				this.#documents.delete(name);
			}
		};
	}

	get state(): SyncState {
		const states = new Set([...this.#documents.values()].map(({ sync }) => sync.state));
		return SEVERITY.find((state) => states.has(state)) ?? 'saved';
	}

	/** Edits of every open document that the server has not stored yet. */
	get pendingEdits(): number {
		let count = 0;
		for (const { sync } of this.#documents.values()) count += sync.pendingEdits;
		return count;
	}

	get label(): string {
		return syncLabel(this.state, this.pendingEdits);
	}

	destroy(): void {
		for (const { sync } of this.#documents.values()) sync.destroy();
		this.#documents.clear();
		this.#socket.destroy();
	}

	#token(): Promise<string> {
		const first = Date.now() - this.#firstTokenAt < FIRST_TOKEN_FRESH_MS ? this.#firstToken : null;
		this.#firstToken = null;
		return first ? first.catch(() => this.#fetchToken()) : this.#fetchToken();
	}

	async #fetchToken(): Promise<string> {
		try {
			return (await fetchCollabInfo()).token;
		} catch (error) {
			if (error instanceof SessionExpiredError) redirectToLogin(window.location);
			throw error;
		}
	}
}
