import * as Y from 'yjs';
import type { Store } from '../src/lib/server/store/Store.ts';

/** How long a failed document waits before its state is appended again, doubling up to the cap. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5000;

interface Waiting {
	documentName: string;
	update: Uint8Array;
	document: Y.Doc;
	stored: () => void;
}

/** A document whose append failed: what it must store again, and who waits for it. */
interface Failed {
	document: Y.Doc;
	/** Updates appended since the failure, stored beside the state (see #recover). */
	updates: Uint8Array[];
	waiting: (() => void)[];
}

/**
 * Group commit for the document log (issue 16): one batch is in flight at a time, and the appends
 * that arrive meanwhile, across documents and connections, go to the store as the next one, in
 * one `appendUpdates` call: one transaction and one fsync (SQLite) or one round trip (PostgreSQL)
 * for all of them. Each `append` resolves once its update is durable, and only then; it never
 * rejects.
 *
 * A batch goes to the store in a microtask after the first append waiting for it, or as soon as
 * the batch in flight is settled. The store writes off the event loop (SQLite's writer thread,
 * PostgreSQL's socket), so the broadcast Hocuspocus queues just after goes out while the batch
 * commits, and peers never wait for the disk.
 *
 * If a flush fails, its updates are not acknowledged. Each of their documents is then "failed":
 * what is appended to it meanwhile waits too, and its whole in-memory state (which holds every
 * update it was given) is appended again, with backoff, until it is stored; only then is anyone
 * waiting on that document told "stored". Other documents go on as before.
 */
export class GroupCommit {
	readonly #store: Store;
	#queue: Waiting[] = [];
	#scheduled = false;
	/** The batch being written: one at a time; what is appended meanwhile goes in the next. */
	#inFlight: Promise<void> | null = null;
	readonly #failed = new Map<string, Failed>();
	#retry: { timer: NodeJS.Timeout; delayMs: number } | null = null;

	constructor(store: Store) {
		this.#store = store;
	}

	/** Resolves once `update` of `documentName` (live as `document`) is in the store. */
	append(documentName: string, update: Uint8Array, document: Y.Doc): Promise<void> {
		return new Promise((stored) => {
			const failed = this.#failed.get(documentName);
			if (failed) {
				failed.updates.push(update);
				failed.waiting.push(stored);
				return;
			}
			this.#queue.push({ documentName, update, document, stored });
			this.#schedule();
		});
	}

	/** How many documents have changes the store refused and that are being appended again. */
	get failedDocuments(): number {
		return this.#failed.size;
	}

	/**
	 * Resolves once every append queued so far was flushed (stored, or failed and being appended
	 * again): what a server write waits for before it reports success.
	 */
	async settled(): Promise<void> {
		while (this.#queue.length > 0 || this.#inFlight) {
			this.#flush();
			await this.#inFlight;
		}
	}

	/**
	 * Shutdown: flushes, tries failed documents once more, then stops retrying. It must not wait
	 * forever on a store that is gone, so what still fails is logged as lost to this process (its
	 * senders were never told it was stored, and resend it to the next one).
	 */
	async close(): Promise<void> {
		await this.settled();
		if (this.#failed.size > 0) await this.#recover();
		for (const name of this.#failed.keys()) {
			console.error(`${name}: its latest changes could not be stored and were not acknowledged`);
		}
		if (this.#retry) clearTimeout(this.#retry.timer);
		this.#retry = null;
	}

	#schedule(): void {
		if (this.#scheduled || this.#inFlight) return;
		this.#scheduled = true;
		queueMicrotask(() => this.#flush());
	}

	/**
	 * Sends what is queued as one batch; what is appended while it is in flight waits and goes as
	 * the next one, so that under load a batch holds everything that arrived during the previous
	 * commit (one INSERT, one round trip on PostgreSQL).
	 */
	#flush(): void {
		this.#scheduled = false;
		if (this.#inFlight || this.#queue.length === 0) return;
		const batch = this.#queue;
		this.#queue = [];
		this.#inFlight = this.#write(batch).finally(() => {
			this.#inFlight = null;
			this.#flush();
		});
	}

	async #write(batch: Waiting[]): Promise<void> {
		try {
			await this.#store.appendUpdates(
				batch.map(({ documentName, update }) => ({ documentName, update }))
			);
		} catch (error) {
			console.error(`Cannot append ${batch.length} document updates; retrying`, error);
			for (const waiting of batch) this.#fail(waiting);
			return;
		}
		for (const { stored } of batch) stored();
	}

	#fail({ documentName, document, stored }: Waiting): void {
		let failed = this.#failed.get(documentName);
		if (!failed) {
			failed = { document, updates: [], waiting: [] };
			this.#failed.set(documentName, failed);
			// What was queued for this document behind the failed batch must not be acknowledged
			// before the document's state is stored: it waits for that too.
			this.#queue = this.#queue.filter((queued) => {
				if (queued.documentName !== documentName) return true;
				this.#fail(queued);
				return false;
			});
		}
		failed.waiting.push(stored);
		this.#retry ??= { timer: setTimeout(() => void this.#retryNow(), RETRY_FIRST_MS), delayMs: 0 };
	}

	async #retryNow(): Promise<void> {
		const delayMs = Math.min(
			RETRY_MAX_MS,
			Math.max(RETRY_FIRST_MS, (this.#retry?.delayMs ?? 0) * 2)
		);
		this.#retry = null;
		await this.#recover();
		if (this.#failed.size > 0 && !this.#retry) {
			this.#retry = { timer: setTimeout(() => void this.#retryNow(), delayMs), delayMs };
		}
	}

	/**
	 * Appends each failed document's state in one transaction with what it was given since: the
	 * state holds every update applied to it so far, including the failed ones; the updates
	 * appended after it was encoded are stored as they came. Those waiting when it began are then
	 * told; whoever arrived during the append waits for the next try (rare: only an asynchronous
	 * store yields meanwhile).
	 */
	async #recover(): Promise<void> {
		for (const [documentName, failed] of [...this.#failed]) {
			const waiting = failed.waiting.splice(0);
			const updates = failed.updates.splice(0);
			const state = Y.encodeStateAsUpdate(failed.document);
			try {
				await this.#store.appendUpdates(
					[state, ...updates].map((update) => ({ documentName, update }))
				);
			} catch (error) {
				console.error(`${documentName}: cannot store its state yet`, error);
				failed.waiting.unshift(...waiting);
				failed.updates.unshift(...updates);
				continue;
			}
			if (failed.waiting.length === 0) this.#failed.delete(documentName);
			for (const stored of waiting) stored();
		}
	}
}
