import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { JOB_BACKOFF, retryDelay, type BackoffPolicy } from '../../domain/backoff.ts';
import type { Recurrence } from '../../domain/recurrence.ts';
import type { Job, Store } from '../store/Store.ts';
import type { Clock } from './clock.ts';

/** What a handler gets: the job it runs, the scheduler's instant, and a signal for shutdown. */
export interface JobContext {
	job: Job;
	/** The clock's reading when the job started. */
	now: number;
	/** Aborted when the process stops: long work should end early (it will be tried again). */
	signal: AbortSignal;
	scheduler: Scheduler;
}

/**
 * A kind of job and the handler that runs it. Handlers must be idempotent: a job runs once per
 * deployment as long as its handler finishes within the lease, but a crash between the work and
 * `completeJob` (or a lease that ran out) runs it again.
 */
export interface JobDefinition {
	kind: string;
	run(context: JobContext): Promise<void>;
	/**
	 * Recurring work: one job of key `kind`, created at start for its next occurrence and, after
	 * each run (or once retries are exhausted), rescheduled at `every(now)`. Missed occurrences
	 * (the deployment was down) are caught up once, not once each.
	 */
	every?: Recurrence;
	/** `JOB_BACKOFF` unless given. */
	backoff?: BackoffPolicy;
}

/** Work other than jobs that a pass drains, with leases of its own (the e-mail outbox). */
export interface Drain {
	name: string;
	run(context: { now: number; owner: string; leaseMs: number; signal: AbortSignal }): Promise<void>;
}

export interface SchedulerOptions {
	store: Store;
	clock: Clock;
	/** How this instance signs its leases; unique per process unless given. */
	owner?: string;
	/** Longest wait between passes, for work another instance added (5 s). */
	pollMs?: number;
	/** How long a claim is held; a job or a send that takes longer may run twice (10 min). */
	leaseMs?: number;
	/** Jobs claimed at a time (10). */
	batch?: number;
	log?: (line: string) => void;
}

const MAX_ERROR_LENGTH = 1000;

/**
 * One per process (DESIGN §11): passes over the store's job table, started and stopped with the
 * server. A pass claims the due jobs of the kinds defined here, runs them one after the other and
 * records each outcome, then runs each drain. Passes run at start (catch-up of what fell due while
 * the deployment was down), whenever the clock reaches the earliest instant this instance knows
 * of, at least every `pollMs`, and when a caller asks (`runDue`); they never overlap within one
 * process, and the store's claims keep instances from running the same job.
 */
export class Scheduler {
	readonly owner: string;
	readonly #store: Store;
	readonly #clock: Clock;
	readonly #pollMs: number;
	readonly #leaseMs: number;
	readonly #batch: number;
	readonly #log: (line: string) => void;
	readonly #definitions = new Map<string, JobDefinition>();
	readonly #drains: Drain[] = [];
	readonly #stop = new AbortController();
	#wake = new AbortController();
	/** Instants at which this instance knows work falls due (its enqueues, retries, occurrences). */
	#hints: number[] = [];
	/** Until when the loop sleeps; -Infinity while a pass runs (its next sleep reads `#hints`). */
	#sleepingUntil = Number.NEGATIVE_INFINITY;
	/** Work fell due while a pass ran, maybe after it looked: run another one at once. */
	#again = false;
	#passes: Promise<void> = Promise.resolve();
	#loop: Promise<void> | null = null;
	#recurringReady = false;

	constructor(options: SchedulerOptions) {
		this.#store = options.store;
		this.#clock = options.clock;
		this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
		this.#pollMs = options.pollMs ?? 5000;
		this.#leaseMs = options.leaseMs ?? 10 * 60_000;
		this.#batch = options.batch ?? 10;
		this.#log = options.log ?? ((line) => console.log(line));
	}

	get clock(): Clock {
		return this.#clock;
	}

	/** Registers a kind; before `start`, so that the first pass (the catch-up) knows it. */
	define(definition: JobDefinition): void {
		if (this.#definitions.has(definition.kind)) {
			throw new Error(`Job kind ${definition.kind} is defined twice`);
		}
		this.#definitions.set(definition.kind, definition);
	}

	addDrain(drain: Drain): void {
		this.#drains.push(drain);
	}

	/**
	 * Adds a job unless its key exists (then changes nothing); due at `runAt` (now by default).
	 * A job due now starts a pass at once on this instance.
	 */
	async enqueue(input: {
		key: string;
		kind: string;
		payload?: unknown;
		runAt?: number;
	}): Promise<{ job: Job; created: boolean }> {
		const runAt = input.runAt ?? this.#clock.now();
		const result = await this.#store.enqueueJob({
			key: input.key,
			kind: input.kind,
			payload: input.payload ?? null,
			runAt: iso(runAt)
		});
		if (result.created) this.wake(runAt);
		return result;
	}

	/** Tells the loop that work falls due at `at` (now by default), so that it need not poll for it. */
	wake(at: number = this.#clock.now()): void {
		this.#hints.push(at);
		if (at < this.#sleepingUntil) this.#wake.abort();
		else if (this.#sleepingUntil === Number.NEGATIVE_INFINITY && at <= this.#clock.now()) {
			this.#again = true;
		}
	}

	/** Starts the loop; its first pass runs at once. */
	start(): void {
		if (this.#loop || this.#stop.signal.aborted) return;
		this.#loop = this.#run();
	}

	/**
	 * One pass, after any pass under way: resolves once every job due by then (and every job those
	 * enqueue due by then) has run, and each drain has run. What tests await after moving a clock.
	 */
	runDue(): Promise<void> {
		const pass = this.#passes.then(() => (this.#stop.signal.aborted ? undefined : this.#pass()));
		this.#passes = pass.catch(() => {});
		return pass;
	}

	/** Resolves once no pass is under way. */
	async idle(): Promise<void> {
		let current: Promise<void>;
		do {
			current = this.#passes;
			await current;
		} while (current !== this.#passes);
	}

	/** Stops the loop, aborts handlers' signals and waits for the pass under way. */
	async stop(): Promise<void> {
		this.#stop.abort();
		this.#wake.abort();
		await this.#loop;
		await this.idle();
	}

	async #run(): Promise<void> {
		while (!this.#stop.signal.aborted) {
			const started = this.#clock.now();
			this.#again = false;
			await this.runDue().catch((error: unknown) => {
				this.#log(`Scheduler: a pass failed: ${describe(error)}`);
			});
			// What was due when the pass started, it ran; what falls due later stays a hint.
			this.#hints = this.#hints.filter((at) => at > started);
			if (this.#stop.signal.aborted) break;
			if (this.#again) continue;
			this.#wake = new AbortController();
			this.#sleepingUntil = this.#hints.reduce(
				(earliest, at) => Math.min(earliest, at),
				this.#clock.now() + this.#pollMs
			);
			await this.#clock.sleepUntil(this.#sleepingUntil, this.#wake.signal);
			this.#sleepingUntil = Number.NEGATIVE_INFINITY;
		}
	}

	async #pass(): Promise<void> {
		await this.#ensureRecurring();
		const kinds = [...this.#definitions.keys()];
		while (kinds.length > 0 && !this.#stop.signal.aborted) {
			const now = this.#clock.now();
			const jobs = await this.#store.claimJobs({
				owner: this.owner,
				now: iso(now),
				lockedUntil: iso(now + this.#leaseMs),
				kinds,
				limit: this.#batch
			});
			for (const job of jobs) await this.#runJob(job);
			if (jobs.length < this.#batch) break;
		}
		for (const drain of this.#drains) {
			if (this.#stop.signal.aborted) break;
			await drain
				.run({
					now: this.#clock.now(),
					owner: this.owner,
					leaseMs: this.#leaseMs,
					signal: this.#stop.signal
				})
				.catch((error: unknown) => {
					this.#log(`Scheduler: ${drain.name} failed: ${describe(error)}`);
				});
		}
	}

	/**
	 * Every recurring kind has its job, due at its next occurrence (an existing one is kept), and
	 * the loop wakes for it.
	 */
	async #ensureRecurring(): Promise<void> {
		if (this.#recurringReady) return;
		const now = this.#clock.now();
		for (const definition of this.#definitions.values()) {
			if (!definition.every) continue;
			const { job } = await this.#store.enqueueJob({
				key: definition.kind,
				kind: definition.kind,
				payload: null,
				runAt: iso(definition.every(now))
			});
			if (job.state === 'pending') this.wake(Date.parse(job.runAt));
		}
		this.#recurringReady = true;
	}

	async #runJob(job: Job): Promise<void> {
		const definition = this.#definitions.get(job.kind)!;
		try {
			await definition.run({
				job,
				now: this.#clock.now(),
				signal: this.#stop.signal,
				scheduler: this
			});
		} catch (error) {
			await this.#failed(job, definition, error);
			return;
		}
		await this.#complete(job, definition);
	}

	/** Done; or, recurring, due again at its next occurrence with a fresh count of attempts. */
	async #complete(job: Job, definition: JobDefinition): Promise<void> {
		const now = this.#clock.now();
		const nextRunAt = definition.every ? definition.every(now) : null;
		const recorded = await this.#store.completeJob(job.id, this.owner, {
			at: iso(now),
			nextRunAt: nextRunAt === null ? null : iso(nextRunAt)
		});
		if (!recorded) this.#log(`Scheduler: job ${job.key} outlived its lease (it may run again)`);
		if (nextRunAt !== null) this.wake(nextRunAt);
	}

	/**
	 * Tried again after the backoff's wait; past its last attempt, given up, except recurring work,
	 * which skips to its next occurrence (a purge that failed all night still runs tomorrow).
	 */
	async #failed(job: Job, definition: JobDefinition, error: unknown): Promise<void> {
		const now = this.#clock.now();
		const delay = retryDelay(definition.backoff ?? JOB_BACKOFF, job.attempts);
		const retryAt = delay === null ? null : now + delay;
		this.#log(
			`Scheduler: job ${job.key} failed (attempt ${job.attempts}), ` +
				(retryAt !== null
					? `next at ${iso(retryAt)}`
					: definition.every
						? 'left for its next occurrence'
						: 'given up') +
				`: ${describe(error)}`
		);
		if (retryAt === null && definition.every) return this.#complete(job, definition);
		await this.#store.failJob(job.id, this.owner, {
			at: iso(now),
			error: describe(error).slice(0, MAX_ERROR_LENGTH),
			retryAt: retryAt === null ? null : iso(retryAt)
		});
		if (retryAt !== null) this.wake(retryAt);
	}
}

const iso = (ms: number): string => new Date(ms).toISOString();

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
