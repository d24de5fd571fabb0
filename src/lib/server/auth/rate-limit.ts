/**
 * Counts failed logins per key (an e-mail, an IP address) in a sliding window. In memory: a
 * restart forgets, which is acceptable for throttling; several instances each count their own.
 */
export class FailureLimiter {
	readonly #max: number;
	readonly #windowMs: number;
	readonly #failures = new Map<string, number[]>();

	constructor(max: number, windowMs: number) {
		this.#max = max;
		this.#windowMs = windowMs;
	}

	/** Milliseconds until `key` may try again, or 0 when it may try now. */
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
