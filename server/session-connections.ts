import type { Connection, connectedPayload, Extension } from '@hocuspocus/server';
import type { ConnectionContext } from './extensions/context.ts';

/**
 * Remembers which sync connections each session opened, so that ending a session (logout,
 * deactivation) closes them at once instead of letting them live until the socket drops.
 */
export class SessionConnections implements Extension {
	readonly extensionName = 'SessionConnections';
	readonly #bySession = new Map<string, Set<Connection>>();

	async connected({ context, connection }: connectedPayload): Promise<void> {
		const { sessionId } = context as ConnectionContext;
		const open = this.#bySession.get(sessionId) ?? new Set();
		open.add(connection);
		this.#bySession.set(sessionId, open);
		connection.onClose(() => {
			open.delete(connection);
			if (open.size === 0) this.#bySession.delete(sessionId);
		});
	}

	close(sessionId: string): void {
		for (const connection of this.#bySession.get(sessionId) ?? []) {
			connection.close({ code: 4401, reason: 'session-ended' });
		}
	}
}
