/**
 * Counts attempts per key (an e-mail, an IP address) in a sliding window: past `max` within the
 * window, `retryAfter` says how long to wait. Asynchronous where the counts are shared between
 * instances (Redis, `server/RedisLimiter.ts`).
 */
export interface Limiter {
	/** Milliseconds until `key` may try again, or 0 when it may try now. */
	retryAfter(key: string): number | Promise<number>;
	fail(key: string): void | Promise<void>;
	/** Forgets the key's failures (a successful login). */
	succeed(key: string): void | Promise<void>;
}

/**
 * A {@link Limiter} in memory: a restart forgets, which is acceptable for throttling. For one
 * instance; several share theirs through Redis.
 */
export class FailureLimiter implements Limiter {
	readonly #max: number;
	readonly #windowMs: number;
	readonly #failures = new Map<string, number[]>();

	constructor(max: number, windowMs: number) {
		this.#max = max;
		this.#windowMs = windowMs;
	}

	retryAfter(key: string, now = Date.now()): number {
		const recent = this.#recent(key, now);
		if (recent.length < this.#max) return 0;
		return recent[0]! + this.#windowMs - now;
	}

	fail(key: string, now = Date.now()): void {
		const recent = this.#recent(key, now);
		recent.push(now);
		this.#failures.set(key, recent);
		if (this.#failures.size > 50_000) this.#sweep(now);
	}

	succeed(key: string): void {
		this.#failures.delete(key);
	}

	#recent(key: string, now: number): number[] {
		return (this.#failures.get(key) ?? []).filter((at) => now - at < this.#windowMs);
	}

	#sweep(now: number): void {
		for (const key of this.#failures.keys()) {
			if (this.#recent(key, now).length === 0) this.#failures.delete(key);
		}
	}
}
