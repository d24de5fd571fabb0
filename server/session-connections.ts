import type { Connection, connectedPayload, Extension } from '@hocuspocus/server';
import type { ClusterSignal } from './cluster.ts';
import type { ConnectionContext } from './extensions/context.ts';

/**
 * Remembers which sync connections each session opened, so that ending a session (logout,
 * deactivation) closes them at once instead of letting them live until the socket drops.
 */
export class SessionConnections implements Extension {
	readonly extensionName = 'SessionConnections';
	readonly #bySession = new Map<string, Set<Connection>>();
	readonly #byUser = new Map<string, Set<Connection>>();

	async connected({ context, connection }: connectedPayload): Promise<void> {
		const { sessionId, user } = context as ConnectionContext;
		track(this.#bySession, sessionId, connection);
		track(this.#byUser, user.id, connection);
	}

	/**
	 * Closes this instance's sync connections of that session (logout), or of that user whatever
	 * the session (deactivation). Closing what is already closed does nothing, so a signal may
	 * arrive twice (here, then back through Redis).
	 */
	end(signal: ClusterSignal): void {
		const index = signal.kind === 'session' ? this.#bySession : this.#byUser;
		for (const connection of index.get(signal.id) ?? []) {
			connection.close({ code: 4401, reason: 'session-ended' });
		}
	}
}

function track(index: Map<string, Set<Connection>>, key: string, connection: Connection): void {
	const open = index.get(key) ?? new Set();
	open.add(connection);
	index.set(key, open);
	connection.onClose(() => {
		open.delete(connection);
		if (open.size === 0 && index.get(key) === open) index.delete(key);
	});
}
