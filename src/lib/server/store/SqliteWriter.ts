import { Worker } from 'node:worker_threads';
import type { Statement } from './sql-database.ts';
import type { Row } from './store-rows.ts';

interface Pending {
	statements: Statement[];
	resolve: (results: Row[][]) => void;
	reject: (error: Error) => void;
}

type Outcome = { results: Row[][] } | { error: { message: string; errcode?: number } };

/**
 * The writes that come with every edit (document appends, request events), off the event loop
 * (issue 16). node:sqlite is synchronous: a commit on the main connection blocks the whole
 * process while SQLite fsyncs the WAL, about a millisecond here, and several under load; in a
 * worker thread with its own connection, only the batch waits. SQLite lets one writer at a time
 * in: the main connection's transactions and this one's wait for each other (busy_timeout), as
 * two processes on the file would. The worker holds the process open only while it has work.
 *
 * Group commit, again: one batch at a time is in the worker; what is written meanwhile waits and
 * goes as the next batch, in one transaction (each write in a savepoint of its own), so the
 * writes of many edits share one fsync however many kinds of rows they make.
 */
export class SqliteWriter {
	readonly #worker: Worker;
	/** The batch in the worker, and the writes waiting for it to commit. */
	#inFlight: Pending[] | null = null;
	#waiting: Pending[] = [];
	#failure: Error | null = null;
	#drained: (() => void) | null = null;

	constructor(file: string) {
		this.#worker = new Worker(new URL('./sqlite-writer-worker.ts', import.meta.url), {
			workerData: { file }
		});
		this.#worker.unref();
		this.#worker.on('message', ({ outcomes }: { outcomes: Outcome[] }) => this.#settle(outcomes));
		const fail = (error: Error) => {
			this.#failure = error;
			for (const pending of [...(this.#inFlight ?? []), ...this.#waiting]) pending.reject(error);
			this.#inFlight = null;
			this.#waiting = [];
			this.#drained?.();
		};
		this.#worker.on('error', fail);
		this.#worker.on('exit', (code) => fail(new Error(`SQLite writer stopped (${code})`)));
	}

	/** Runs `statements` in one transaction; resolves once committed, with each one's rows. */
	write(statements: Statement[]): Promise<Row[][]> {
		if (this.#failure) return Promise.reject(this.#failure);
		return new Promise((resolve, reject) => {
			this.#waiting.push({ statements, resolve, reject });
			if (!this.#inFlight) this.#send();
		});
	}

	/** Once every write sent is settled. */
	async close(): Promise<void> {
		if (this.#inFlight) await new Promise<void>((resolve) => (this.#drained = resolve));
		await this.#worker.terminate();
	}

	#send(): void {
		const batch = this.#waiting;
		this.#waiting = [];
		this.#inFlight = batch;
		this.#worker.ref();
		this.#worker.postMessage({ writes: batch.map(({ statements }) => ({ statements })) });
	}

	#settle(outcomes: Outcome[]): void {
		const batch = this.#inFlight ?? [];
		this.#inFlight = null;
		for (const [i, pending] of batch.entries()) {
			const outcome = outcomes[i]!;
			if ('results' in outcome) pending.resolve(outcome.results);
			else {
				const { message, errcode } = outcome.error;
				pending.reject(Object.assign(new Error(message), { errcode }));
			}
		}
		if (this.#waiting.length > 0) return this.#send();
		this.#worker.unref();
		this.#drained?.();
		this.#drained = null;
	}
}
