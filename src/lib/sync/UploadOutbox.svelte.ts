import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import { newId } from '../domain/ids.ts';
import { redirectToLogin } from './collab-token.ts';
import { LOCAL_PREFIX } from './local-cache.ts';

/** A file chosen for a request, kept in IndexedDB until the server has it. */
interface OutboxEntry {
	/** Also the upload id the server sees: a retry after a lost answer is never filed twice. */
	id: string;
	clientId: string;
	requestId: string;
	name: string;
	size: number;
	blob: Blob;
	addedAt: string;
}

export type UploadState = 'waiting' | 'sending' | 'refused';

/** What the page shows of one file on its way. */
export interface PendingUpload {
	id: string;
	requestId: string;
	name: string;
	size: number;
	state: UploadState;
	/** 0 to 1 while sending. */
	progress: number;
	/** Why the server refused it, in French. */
	error: string | null;
}

/** An HTTP outcome of one attempt; `status` 0 means the network failed. */
interface Attempt {
	status: number;
	message: string | null;
}

/**
 * Files deposited on requests, offline-first: each file goes to an IndexedDB outbox first, then
 * to the server, one at a time, with its progress; whatever cannot be sent now (no network, the
 * server unreachable) waits there, across reloads, and goes when the network comes back. A file
 * the server refuses (too large, request withdrawn) leaves the outbox with the server's reason;
 * an expired session sends the user to sign in again and the outbox waits for it.
 */
export class UploadOutbox {
	items: PendingUpload[] = $state([]);
	readonly maxBytes: number;
	readonly #store: UseStore;
	readonly #blobs = new Map<string, OutboxEntry>();
	#draining: Promise<void> | null = null;
	#destroyed = false;
	readonly #onOnline = () => void this.drain();

	constructor(userId: string, maxBytes: number) {
		this.maxBytes = maxBytes;
		this.#store = createStore(`${LOCAL_PREFIX}${userId}:outbox`, 'uploads');
		window.addEventListener('online', this.#onOnline);
		void this.#restore();
	}

	/** Files waiting or being sent (not those refused): the « modifications en attente ». */
	get waiting(): number {
		return this.items.filter((item) => item.state !== 'refused').length;
	}

	forRequest(requestId: string): PendingUpload[] {
		return this.items.filter((item) => item.requestId === requestId);
	}

	/**
	 * Queues files for a request. A file over the size limit is refused here at once, with the
	 * message the server would give, and never leaves the browser.
	 */
	async add(target: { clientId: string; requestId: string }, files: Iterable<File>): Promise<void> {
		for (const file of files) {
			const entry: OutboxEntry = {
				id: newId(),
				...target,
				name: file.name,
				size: file.size,
				blob: file,
				addedAt: new Date().toISOString()
			};
			if (file.size > this.maxBytes) {
				this.items.push({
					...summary(entry),
					state: 'refused',
					error: `Le fichier dépasse la taille maximale autorisée (${Math.round(this.maxBytes / 1024 / 1024)} Mo).`
				});
				continue;
			}
			await set(entry.id, entry, this.#store);
			this.#blobs.set(entry.id, entry);
			this.items.push(summary(entry));
		}
		void this.drain();
	}

	/** Takes a refused file's message off the page. */
	dismiss(id: string): void {
		this.items = this.items.filter((item) => item.id !== id || item.state !== 'refused');
	}

	/** Sends what waits, one file at a time; a no-op while offline or already sending. */
	drain(): Promise<void> {
		this.#draining ??= this.#drain().finally(() => (this.#draining = null));
		return this.#draining;
	}

	destroy(): void {
		this.#destroyed = true;
		window.removeEventListener('online', this.#onOnline);
	}

	async #restore(): Promise<void> {
		const stored = await entries<string, OutboxEntry>(this.#store);
		stored.sort(([, a], [, b]) => a.addedAt.localeCompare(b.addedAt));
		for (const [, entry] of stored) {
			if (this.#blobs.has(entry.id)) continue;
			this.#blobs.set(entry.id, entry);
			this.items.push(summary(entry));
		}
		void this.drain();
	}

	async #drain(): Promise<void> {
		for (;;) {
			if (this.#destroyed || !navigator.onLine) return;
			const next = this.items.find((item) => item.state === 'waiting');
			const entry = next && this.#blobs.get(next.id);
			if (!next || !entry) return;
			const item = this.#item(next.id);
			item.state = 'sending';
			item.progress = 0;
			const attempt = await send(entry, (progress) => (this.#item(entry.id).progress = progress));
			if (attempt.status >= 200 && attempt.status < 300) {
				await this.#forget(entry.id);
				this.items = this.items.filter((i) => i.id !== entry.id);
			} else if (attempt.status === 401) {
				this.#item(entry.id).state = 'waiting';
				redirectToLogin(window.location);
				return;
			} else if (attempt.status === 0 || attempt.status >= 500) {
				// Not the file's fault: it waits for the network (or the server) to come back.
				this.#item(entry.id).state = 'waiting';
				return;
			} else {
				await this.#forget(entry.id);
				Object.assign(this.#item(entry.id), {
					state: 'refused',
					error: attempt.message ?? 'Le serveur a refusé ce fichier.'
				});
			}
		}
	}

	/** The reactive item (the `$state` proxy), so that writes reach the page. */
	#item(id: string): PendingUpload {
		const item = this.items.find((i) => i.id === id);
		if (!item) throw new Error(`No pending upload ${id}`);
		return item;
	}

	async #forget(id: string): Promise<void> {
		this.#blobs.delete(id);
		await del(id, this.#store);
	}
}

function summary(entry: OutboxEntry): PendingUpload {
	return {
		id: entry.id,
		requestId: entry.requestId,
		name: entry.name,
		size: entry.size,
		state: 'waiting',
		progress: 0,
		error: null
	};
}

/** One upload by XMLHttpRequest: fetch cannot report the progress of what it sends. */
function send(entry: OutboxEntry, onProgress: (fraction: number) => void): Promise<Attempt> {
	const form = new FormData();
	form.set('uploadId', entry.id);
	form.set('file', entry.blob, entry.name);
	const xhr = new XMLHttpRequest();
	xhr.open('POST', `/api/clients/${entry.clientId}/requests/${entry.requestId}/documents`);
	xhr.responseType = 'json';
	xhr.upload.onprogress = (event) => {
		if (event.lengthComputable) onProgress(event.loaded / event.total);
	};
	return new Promise((resolve) => {
		xhr.onload = () => {
			const body = xhr.response as { message?: unknown } | null;
			resolve({
				status: xhr.status,
				message: typeof body?.message === 'string' ? body.message : null
			});
		};
		xhr.onerror = xhr.onabort = xhr.ontimeout = () => resolve({ status: 0, message: null });
		xhr.send(form);
	});
}
