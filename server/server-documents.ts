import type { Hocuspocus } from '@hocuspocus/server';
import type { ServerDocuments } from '../src/lib/server/runtime.ts';
import type { Persistence } from './extensions/Persistence.ts';

const SERVER_CONTEXT = { server: true } as const;

/**
 * Live documents for the HTTP handlers, through Hocuspocus direct connections: a document already
 * open for browsers is shared (they see the change at once), one that is not is loaded from the
 * store and unloaded afterwards.
 */
export function serverDocuments(hocuspocus: Hocuspocus, persistence: Persistence): ServerDocuments {
	async function using<T>(name: string, use: (connection: DirectConnection) => Promise<T>) {
		const connection = await hocuspocus.openDirectConnection(name, SERVER_CONTEXT);
		try {
			return await use(connection);
		} finally {
			await connection.disconnect();
		}
	}

	return {
		read: (name, read) =>
			using(name, async (connection) => {
				if (!connection.document) throw new Error(`${name} closed while reading`);
				return read(connection.document);
			}),
		change: (name, write) =>
			using(name, async (connection) => {
				let result: ReturnType<typeof write> | undefined;
				await connection.transact((doc) => {
					result = write(doc);
				});
				// The change reaches the log from Persistence's onChange, which Hocuspocus calls a few
				// microtasks later and transact does not wait for: let it start, then wait for it,
				// so that the caller reports success only once the change is stored.
				await new Promise((resolve) => setImmediate(resolve));
				await persistence.settled();
				return result as ReturnType<typeof write>;
			})
	};
}

type DirectConnection = Awaited<ReturnType<Hocuspocus['openDirectConnection']>>;
