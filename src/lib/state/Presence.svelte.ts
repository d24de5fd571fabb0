import { createSubscriber } from 'svelte/reactivity';
import type { DocumentSync } from '../sync/DocumentSync.svelte.ts';

/** Someone else with the same document open, and the task they are looking at, if any. */
export interface Peer {
	userId: string;
	name: string;
	taskId: string | null;
}

/**
 * Who else is here, from the document's Yjs awareness: each browser publishes its user and the
 * task it shows; the others read it. Nothing of it is stored.
 */
export class Presence {
	readonly #sync: DocumentSync;
	readonly #me: string;
	readonly #subscribe: () => void;

	constructor(sync: DocumentSync, me: { id: string; name: string }) {
		this.#sync = sync;
		this.#me = me.id;
		sync.awareness?.setLocalStateField('user', { id: me.id, name: me.name });
		this.#subscribe = createSubscriber((update) => {
			const awareness = sync.awareness;
			awareness?.on('change', update);
			return () => awareness?.off('change', update);
		});
	}

	/** Publishes which task this browser shows (null: none). */
	show(taskId: string | null): void {
		this.#sync.awareness?.setLocalStateField('taskId', taskId);
	}

	/** Other people (one entry per person, whatever their number of tabs; never me). */
	get peers(): Peer[] {
		this.#subscribe();
		const awareness = this.#sync.awareness;
		if (!awareness) return [];
		const peers = new Map<string, Peer>();
		for (const [clientId, state] of awareness.getStates()) {
			if (clientId === awareness.clientID) continue;
			const user = state.user as { id?: unknown; name?: unknown } | undefined;
			if (typeof user?.id !== 'string' || typeof user.name !== 'string') continue;
			if (user.id === this.#me) continue;
			const taskId = typeof state.taskId === 'string' ? state.taskId : null;
			const known = peers.get(user.id);
			if (!known || (!known.taskId && taskId))
				peers.set(user.id, { userId: user.id, name: user.name, taskId });
		}
		return [...peers.values()];
	}

	on(taskId: string): Peer[] {
		return this.peers.filter((peer) => peer.taskId === taskId);
	}
}
