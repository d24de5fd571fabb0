import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Statement } from './sql-database.ts';
import type { Row } from './store-rows.ts';

/** How often the WAL is checkpointed (see sqlite-checkpoint-worker.ts). */
const CHECKPOINT_EVERY_MS = 250;

interface Pending {
	statements: Statement[];
	resolve: (results: Row[][]) => void;
	reject: (error: Error) => void;
}

export type Outcome = { results: Row[][] } | { error: { message: string; errcode?: number } };

/** What the main thread posts: the writes made in one turn of its event loop. */
export interface WriterRequest {
	writes: { statements: Statement[] }[];
}

/** What the worker answers, in the order the requests came: each write's outcome. */
export interface WriterReply {
	outcomes: Outcome[][];
}

/**
 * The writes that come with every edit (document appends, request events, compactions), off the
 * event loop (issue 16). node:sqlite is synchronous: a commit on the main connection blocks the
 * whole process while SQLite fsyncs the WAL, a millisecond or more here; in a worker thread with
 * its own connection, only the writes wait. SQLite lets one writer at a time in: the main
 * connection's transactions and this one's wait for each other (busy_timeout), as two processes
 * on the file would.
 *
 * Group commit, without a round trip between commits: the writes made in one turn of the event
 * loop are posted together at its end (`setImmediate`), whatever is in the worker; the worker,
 * once it is done with a transaction, takes every request that queued up meanwhile into the next
 * one (each write in a savepoint of its own, so one that fails is undone alone). So the worker
 * never waits for this thread between two commits, and the writes of many edits share one fsync.
 * Requests are answered in the order they were posted. Nor does a commit checkpoint the WAL: a
 * third thread does (`sqlite-checkpoint-worker.ts`).
 */
export class SqliteWriter {
	readonly #worker: Worker;
	readonly #checkpoints: Worker;
	readonly #port: MessagePort;
	/** Posted and not answered yet, in order: one entry per request. */
	readonly #posted: Pending[][] = [];
	#waiting: Pending[] = [];
	#scheduled = false;
	#failure: Error | null = null;
	#drained: (() => void) | null = null;

	constructor(file: string) {
		const { port1, port2 } = new MessageChannel();
		this.#worker = new Worker(new URL('./sqlite-writer-worker.ts', import.meta.url), {
			workerData: { file, port: port2 },
			transferList: [port2]
		});
		this.#port = port1;
		this.#checkpoints = new Worker(new URL('./sqlite-checkpoint-worker.ts', import.meta.url), {
			workerData: { file, intervalMs: CHECKPOINT_EVERY_MS }
		});
		this.#checkpoints.unref();
		this.#port.on('message', (reply: WriterReply) => this.#settle(reply));
		this.#idle();
		const fail = (error: Error) => {
			this.#failure = error;
			for (const pending of [...this.#posted.flat(), ...this.#waiting]) pending.reject(error);
			this.#posted.length = 0;
			this.#waiting = [];
			this.#idle();
		};
		this.#worker.on('error', fail);
		this.#worker.on('exit', (code) => fail(new Error(`SQLite writer stopped (${code})`)));
	}

	/** Runs `statements` in one transaction; resolves once committed, with each one's rows. */
	write(statements: Statement[]): Promise<Row[][]> {
		if (this.#failure) return Promise.reject(this.#failure);
		return new Promise((resolve, reject) => {
			this.#waiting.push({ statements, resolve, reject });
			if (this.#scheduled) return;
			this.#scheduled = true;
			queueMicrotask(() => this.#post());
		});
	}

	/** Once every write made is settled. */
	async close(): Promise<void> {
		if (this.#posted.length > 0 || this.#scheduled) {
			await new Promise<void>((resolve) => (this.#drained = resolve));
		}
		this.#port.close();
		await Promise.all([this.#worker.terminate(), this.#checkpoints.terminate()]);
	}

	#post(): void {
		this.#scheduled = false;
		const writes = this.#waiting;
		this.#waiting = [];
		if (this.#failure || writes.length === 0) return this.#idle();
		this.#posted.push(writes);
		// Held open while writes are in the worker; otherwise it must not keep the process alive.
		this.#worker.ref();
		this.#port.ref();
		const request: WriterRequest = { writes: writes.map(({ statements }) => ({ statements })) };
		this.#port.postMessage(request);
	}

	#settle({ outcomes }: WriterReply): void {
		for (const writeOutcomes of outcomes) {
			const writes = this.#posted.shift() ?? [];
			for (const [i, pending] of writes.entries()) {
				const outcome = writeOutcomes[i]!;
				if ('results' in outcome) pending.resolve(outcome.results);
				else {
					const { message, errcode } = outcome.error;
					pending.reject(Object.assign(new Error(message), { errcode }));
				}
			}
		}
		if (this.#posted.length === 0 && !this.#scheduled) this.#idle();
	}

	#idle(): void {
		this.#worker.unref();
		this.#port.unref();
		this.#drained?.();
		this.#drained = null;
	}
}
