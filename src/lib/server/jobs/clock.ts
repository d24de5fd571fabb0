/**
 * Where background work reads the time and waits for it (DESIGN §11): the process uses the system
 * clock; tests pass a `ManualClock` and move it, so that nothing sleeps until a reminder falls due.
 */
export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	/**
	 * Resolves once `now() >= at`, or at once when `signal` aborts (it never rejects: the caller
	 * looks at what woke it).
	 */
	sleepUntil(at: number, signal?: AbortSignal): Promise<void>;
}

/** `setTimeout` takes at most 2^31 - 1 ms; longer waits are taken in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
	now: () => Date.now(),
	sleepUntil(at, signal) {
		return new Promise((resolve) => {
			if (signal?.aborted) return resolve();
			let timer: ReturnType<typeof setTimeout>;
			const done = () => {
				clearTimeout(timer);
				signal?.removeEventListener('abort', done);
				resolve();
			};
			const arm = () => {
				const wait = at - Date.now();
				if (wait <= 0) return done();
				timer = setTimeout(arm, Math.min(wait, MAX_TIMEOUT_MS));
			};
			signal?.addEventListener('abort', done, { once: true });
			arm();
		});
	}
};

/**
 * A clock that moves only when told to. `advance` and `set` wake, in time order, every sleeper
 * whose instant has come; a test then awaits the scheduler (`runDue()` or `idle()`), never a
 * timer. Time may go backwards with `set` (a clock jump), which wakes no one.
 */
export class ManualClock implements Clock {
	#now: number;
	#sleepers: { at: number; wake: () => void }[] = [];

	constructor(start: number | string | Date = Date.now()) {
		this.#now = instant(start);
	}

	now(): number {
		return this.#now;
	}

	/** The current instant as ISO text (tests compare with the store's timestamps). */
	iso(): string {
		return new Date(this.#now).toISOString();
	}

	advance(ms: number): void {
		this.set(this.#now + ms);
	}

	set(to: number | string | Date): void {
		this.#now = instant(to);
		const due = this.#sleepers.filter((sleeper) => sleeper.at <= this.#now);
		this.#sleepers = this.#sleepers.filter((sleeper) => sleeper.at > this.#now);
		for (const sleeper of due.sort((a, b) => a.at - b.at)) sleeper.wake();
	}

	sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
		return new Promise((resolve) => {
			if (at <= this.#now || signal?.aborted) return resolve();
			const sleeper = {
				at,
				wake: () => {
					signal?.removeEventListener('abort', abort);
					resolve();
				}
			};
			const abort = () => {
				this.#sleepers = this.#sleepers.filter((other) => other !== sleeper);
				resolve();
			};
			signal?.addEventListener('abort', abort, { once: true });
			this.#sleepers.push(sleeper);
		});
	}
}

function instant(value: number | string | Date): number {
	const ms = typeof value === 'number' ? value : new Date(value).getTime();
	if (!Number.isFinite(ms)) throw new RangeError(`Not an instant: ${String(value)}`);
	return ms;
}
