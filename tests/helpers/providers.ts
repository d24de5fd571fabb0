import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';

/** Node's WebSocket sends no Origin; a browser always does, and the server requires it. */
export function webSocketWithOrigin(origin: string) {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { origin });
		}
	};
}

export interface TestProvider {
	provider: HocuspocusProvider;
	doc: Y.Doc;
	/** Resolves once the first sync with the server completed. */
	synced: Promise<void>;
	/** Resolves when every local change was acknowledged (stored) by the server. */
	saved(): Promise<void>;
	destroy(): void;
}

/** A real provider, as the browser runs it, connected to a test server. */
export function connectProvider(options: {
	url: string;
	origin: string;
	name: string;
	token: string | (() => Promise<string>);
	doc?: Y.Doc;
}): TestProvider {
	const doc = options.doc ?? new Y.Doc();
	const socket = new HocuspocusProviderWebsocket({
		url: options.url,
		WebSocketPolyfill: webSocketWithOrigin(options.origin)
	});
	const provider = new HocuspocusProvider({
		websocketProvider: socket,
		name: options.name,
		document: doc,
		token: options.token
	});
	provider.attach();
	const synced = new Promise<void>((resolve, reject) => {
		provider.on('synced', () => resolve());
		provider.on('authenticationFailed', ({ reason }: { reason: string }) =>
			reject(new Error(`authentication failed: ${reason}`))
		);
	});
	return {
		provider,
		doc,
		synced,
		saved: () =>
			new Promise((resolve) => {
				if (provider.unsyncedChanges === 0) return resolve();
				const check = ({ number }: { number: number }) => {
					if (number !== 0) return;
					provider.off('unsyncedChanges', check);
					resolve();
				};
				provider.on('unsyncedChanges', check);
			}),
		destroy() {
			provider.destroy();
			socket.destroy();
			doc.destroy();
		}
	};
}

/**
 * A provider on `name` for a fresh session of the user with that e-mail, once synced with the
 * server (destroyed again if that fails). The caller destroys it.
 */
export async function syncedProvider(
	server: { url: string; origin: string; tokenFor(email: string): Promise<string> },
	email: string,
	name: string
): Promise<TestProvider> {
	const provider = connectProvider({
		url: server.url,
		origin: server.origin,
		name,
		token: await server.tokenFor(email)
	});
	try {
		await provider.synced;
	} catch (error) {
		provider.destroy();
		throw error;
	}
	return provider;
}
