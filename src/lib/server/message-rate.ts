/** WebSocket frames a connection may send in a burst, and per second after it. */
export const MESSAGE_BURST = 1000;
export const MESSAGES_PER_SECOND = 500;
/** The close code and reason of a connection that sent too much (4xxx: the application's). */
export const RATE_LIMITED = { code: 4429, reason: 'rate-limited' } as const;

/**
 * A token bucket per connection, counted as frames arrive (before any of them is handled, so a
 * flood is seen however slowly the server works through it).
 */
export class MessageRate {
	readonly #buckets = new WeakMap<object, { tokens: number; at: number }>();

	/** Takes one token for `connection`; false when it has none left. */
	take(connection: object, now = performance.now()): boolean {
		const bucket = this.#buckets.get(connection) ?? { tokens: MESSAGE_BURST, at: now };
		bucket.tokens = Math.min(
			MESSAGE_BURST,
			bucket.tokens + ((now - bucket.at) / 1000) * MESSAGES_PER_SECOND
		);
		bucket.at = now;
		this.#buckets.set(connection, bucket);
		if (bucket.tokens < 1) return false;
		bucket.tokens -= 1;
		return true;
	}
}
