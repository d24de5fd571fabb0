import { createStore, get, set, type UseStore } from 'idb-keyval';
import { LOCAL_PREFIX } from './local-cache.ts';

/**
 * A value a view keeps between visits in the user's IndexedDB (deleted at logout with the rest,
 * by its prefix). Reads never fail: a missing or unreadable value is `undefined`.
 */
export class ViewCache<T> {
	readonly #store: UseStore;
	readonly #key: string;

	constructor(userId: string, key: string) {
		this.#store = createStore(`${LOCAL_PREFIX}${userId}:views`, 'views');
		this.#key = key;
	}

	read(): Promise<unknown> {
		return get<unknown>(this.#key, this.#store).catch(() => undefined);
	}

	write(value: T): Promise<void> {
		return set(this.#key, value, this.#store).catch(() => {});
	}
}
