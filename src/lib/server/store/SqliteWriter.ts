import { Worker } from 'node:worker_threads';
import type { Statement } from './sql-database.ts';
import type { Row } from './store-rows.ts';

interface Pending {
	resolve: (results: Row[][]) => void;
	reject: (error: Error) => void;
}

type Reply = { id: number; results?: Row[][]; error?: { message: string; errcode?: number } };

/**
 * The writes that come with every edit (document appends, request events), off the event loop
 * (issue 16). node:sqlite is synchronous: a commit on the main connection blocks the whole
 * process while SQLite fsyncs the WAL, about a millisecond here, and several under load; in a
 * worker thread with its own connection, only the batch waits. SQLite lets one writer at a time
 * in: the main connection's transactions and this one's wait for each other (busy_timeout), as
 * two processes on the file would. The worker holds the process open only while it has work.
 */
export class SqliteWriter {
	readonly #worker: Worker;
	readonly #pending = new Map<number, Pending>();
	#nextId = 0;
	#failure: Error | null = null;

	constructor(file: string) {
		this.#worker = new Worker(new URL('./sqlite-writer-worker.ts', import.meta.url), {
			workerData: { file }
		});
		this.#worker.unref();
		this.#worker.on('message', (reply: Reply) => this.#settle(reply));
		const fail = (error: Error) => {
			this.#failure = error;
			for (const pending of this.#pending.values()) pending.reject(error);
			this.#pending.clear();
		};
		this.#worker.on('error', fail);
		this.#worker.on('exit', (code) => fail(new Error(`SQLite writer stopped (${code})`)));
	}

	/** Runs `statements` in one transaction; resolves once committed, with each one's rows. */
	write(statements: Statement[]): Promise<Row[][]> {
		if (this.#failure) return Promise.reject(this.#failure);
		const id = this.#nextId++;
		return new Promise((resolve, reject) => {
			this.#pending.set(id, { resolve, reject });
			this.#worker.ref();
			this.#worker.postMessage({ id, statements });
		});
	}

	/** Once every write sent is settled. */
	async close(): Promise<void> {
		await Promise.allSettled(
			[...this.#pending.values()].map(
				(pending) =>
					new Promise<void>((done) => {
						const { resolve, reject } = pending;
						pending.resolve = (results) => (resolve(results), done());
						pending.reject = (error) => (reject(error), done());
					})
			)
		);
		await this.#worker.terminate();
	}

	#settle({ id, results, error }: Reply): void {
		const pending = this.#pending.get(id);
		this.#pending.delete(id);
		if (this.#pending.size === 0) this.#worker.unref();
		if (!pending) return;
		if (results) pending.resolve(results);
		else pending.reject(Object.assign(new Error(error?.message), { errcode: error?.errcode }));
	}
}
