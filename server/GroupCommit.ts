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
 * Group commit for the document log (issue 16): the appends made in one turn of the event loop,
 * across documents and connections, go to the store together, in one `appendUpdates` call. Each
 * `append` resolves once its update is durable, and only then; it never rejects.
 *
 * A batch leaves at the end of the turn in which its first append came (`setImmediate`): every
 * update read from the sockets in that turn shares it, and it goes after the broadcast
 * Hocuspocus queued for the same updates, so that peers are sent an edit before anything is done
 * to store it. The store writes off the event loop (SQLite's writer thread, PostgreSQL's socket).
 * How many batches may be in the store at once depends on it:
 * - SQLite: any number. Its writer takes them in order and commits all those that queued up
 *   during a commit in the next one, so a batch never waits for this thread to hear of the last.
 * - PostgreSQL: one. Each batch is a transaction of its own on the pool, so the appends made
 *   while one commits wait and go as the next (one INSERT, one round trip); sending every batch
 *   at once, the commits compete and fewer edits a second are stored.
 * Batches settle in the order they were sent either way.
 *
 * If a batch fails, its updates are not acknowledged. Each of their documents is then "failed":
 * what is appended to it afterwards waits too, even if a later batch stored it, and its whole
 * in-memory state (which holds every update it was given) is appended again, with backoff, until
 * it is stored; only then is anyone waiting on that document told "stored". Other documents go
 * on as before.
 */
export class GroupCommit {
	readonly #store: Store;
	#queue: Waiting[] = [];
	#scheduled = false;
	/** How many batches may be in the store at once (see above). */
	readonly #maxInFlight: number;
	#inFlight = 0;
	/** Settles once every batch sent so far is settled, in order. */
	#settledAll: Promise<void> = Promise.resolve();
	readonly #failed = new Map<string, Failed>();
	#retry: { timer: NodeJS.Timeout; delayMs: number } | null = null;

	constructor(store: Store) {
		this.#store = store;
		this.#maxInFlight = store.kind === 'sqlite' ? Infinity : 1;
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
		while (this.#queue.length > 0 || this.#inFlight > 0) {
			this.#flush();
			await this.#settledAll;
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
		if (this.#scheduled) return;
		this.#scheduled = true;
		setImmediate(() => this.#flush());
	}

	/** Sends what is queued as one batch, unless as many as may be are in the store already. */
	#flush(): void {
		this.#scheduled = false;
		if (this.#inFlight >= this.#maxInFlight || this.#queue.length === 0) return;
		const batch = this.#queue;
		this.#queue = [];
		this.#inFlight++;
		const written = this.#store
			.appendUpdates(batch.map(({ documentName, update }) => ({ documentName, update })))
			.then(
				() => null,
				(error: unknown) => error
			);
		this.#settledAll = this.#settledAll
			.then(() => written)
			.then((error) => {
				this.#inFlight--;
				this.#settle(batch, error);
				this.#flush();
			});
	}

	#settle(batch: Waiting[], error: unknown): void {
		if (error !== null) {
			console.error(`Cannot append ${batch.length} document updates; retrying`, error);
			for (const waiting of batch) this.#fail(waiting);
			return;
		}
		for (const { documentName, stored } of batch) {
			// Stored, but an earlier batch of its document failed: told once that one is stored.
			const failed = this.#failed.get(documentName);
			if (failed) failed.waiting.push(stored);
			else stored();
		}
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
