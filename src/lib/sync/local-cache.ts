/** Every IndexedDB database Navette creates starts with this, then the user id. */
export const LOCAL_PREFIX = 'navette:';

/** The IndexedDB database of one document for one user (DESIGN §4: a database per user). */
export function localDatabaseName(userId: string, documentName: string): string {
	return `${LOCAL_PREFIX}${userId}:${documentName}`;
}

/**
 * Deletes every local copy Navette kept in this browser, for any user: at logout, nothing of the
 * firm's or the client's data stays on a shared computer.
 */
export async function clearLocalCopies(idb: IDBFactory = indexedDB): Promise<void> {
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
