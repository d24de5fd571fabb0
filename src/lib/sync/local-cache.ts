/** Every IndexedDB database Navette creates starts with this, then the user id. */
export const LOCAL_PREFIX = 'navette:';

/** Caches of the service worker that hold a user's pages (not the app's own files). */
export const PAGES_CACHE_PREFIX = 'navette-pages';

/** The IndexedDB database of one document for one user (DESIGN §4: a database per user). */
export function localDatabaseName(userId: string, documentName: string): string {
	return `${LOCAL_PREFIX}${userId}:${documentName}`;
}

/**
 * Deletes every local copy Navette kept in this browser, for any user: at logout, nothing of the
 * firm's or the client's data stays on a shared computer (documents and upload outbox in
 * IndexedDB, counters in localStorage, pages kept by the service worker).
 */
export async function clearLocalCopies(
	idb: IDBFactory = indexedDB,
	storage: Storage = localStorage
): Promise<void> {
	for (const key of Object.keys(storage)) {
		if (key.startsWith(LOCAL_PREFIX)) storage.removeItem(key);
	}
	if (typeof caches !== 'undefined') {
		for (const name of await caches.keys()) {
			if (name.startsWith(PAGES_CACHE_PREFIX)) await caches.delete(name);
		}
	}
	const databases = await idb.databases();
	await Promise.all(
		databases
			.map((db) => db.name)
			.filter((name): name is string => !!name?.startsWith(LOCAL_PREFIX))
			.map(
				(name) =>
					new Promise<void>((resolve) => {
						const request = idb.deleteDatabase(name);
						request.onsuccess = request.onerror = request.onblocked = () => resolve();
					})
			)
	);
}
