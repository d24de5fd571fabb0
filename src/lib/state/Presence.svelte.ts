import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';
import type { DocumentSync } from '../sync/DocumentSync.svelte.ts';

/** Someone else with the same document open, and the tasks their tabs show. */
export interface Peer {
	userId: string;
	name: string;
	/** One per tab that shows a task (a person may have several tabs open). */
	taskIds: ReadonlySet<string>;
}

/**
 * Who else is here, from the document's Yjs awareness: each browser publishes its user and the
 * task it shows; the others read it. Nothing of it is stored.
 */
export class Presence {
	readonly #sync: DocumentSync;
	readonly #me: { id: string; name: string };
	readonly #subscribers = new WeakMap<Awareness, () => void>();
	#taskId: string | null = null;

	constructor(sync: DocumentSync, me: { id: string; name: string }) {
		this.#sync = sync;
		this.#me = me;
	}

	/** Publishes which task this browser shows (null: none). */
	show(taskId: string | null): void {
		this.#taskId = taskId;
		this.#sync.awareness?.setLocalStateField('taskId', taskId);
	}

	/** One subscriber per awareness: a reconnection brings a new provider and a new awareness. */
	#subscribe(awareness: Awareness): void {
		let subscribe = this.#subscribers.get(awareness);
		if (!subscribe) {
			subscribe = createSubscriber((update) => {
				awareness.setLocalStateField('user', { id: this.#me.id, name: this.#me.name });
				awareness.setLocalStateField('taskId', this.#taskId);
				awareness.on('change', update);
				return () => awareness.off('change', update);
			});
			this.#subscribers.set(awareness, subscribe);
		}
		subscribe();
	}

	/** Other people (one entry per person, whatever their number of tabs; never me). */
	get peers(): Peer[] {
		const awareness = this.#sync.awareness;
		if (!awareness) return [];
		this.#subscribe(awareness);
		const peers = new Map<string, { userId: string; name: string; taskIds: Set<string> }>();
		for (const [clientId, state] of awareness.getStates()) {
			if (clientId === awareness.clientID) continue;
			const user = state.user as { id?: unknown; name?: unknown } | undefined;
			if (typeof user?.id !== 'string' || typeof user.name !== 'string') continue;
			if (user.id === this.#me.id) continue;
			let peer = peers.get(user.id);
			if (!peer) {
				peer = { userId: user.id, name: user.name, taskIds: new Set() };
				peers.set(user.id, peer);
			}
			if (typeof state.taskId === 'string') peer.taskIds.add(state.taskId);
		}
		return [...peers.values()];
	}

	/** The people with `taskId` open in one of their tabs. */
	on(taskId: string): Peer[] {
		return this.peers.filter((peer) => peer.taskIds.has(taskId));
	}
}
