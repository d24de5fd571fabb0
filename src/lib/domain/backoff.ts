/**
 * How long to wait before trying failed background work again: exponential from `baseMs`,
 * doubling at each attempt, never more than `maxMs`, and given up after `maxAttempts`. No jitter:
 * retries stay predictable for the firm (« nouvelle tentative à 9:04 ») and for tests that move a
 * clock; one SMTP pool and a few instances do not make a thundering herd.
 */
export interface BackoffPolicy {
	baseMs: number;
	maxMs: number;
	/** Attempts in all, the first included; after the last one the work is given up. */
	maxAttempts: number;
}

/**
 * E-mail: 1, 2, 4 … minutes, then every 6 hours; about 3 days in all (20 attempts), so that an
 * SMTP server down for a weekend loses nothing.
 */
export const OUTBOX_BACKOFF: BackoffPolicy = {
	baseMs: 60_000,
	maxMs: 6 * 3_600_000,
	maxAttempts: 20
};

/** A job: 30 s, 1, 2 … minutes, at most one hour apart, given up after 10 attempts. */
export const JOB_BACKOFF: BackoffPolicy = {
	baseMs: 30_000,
	maxMs: 3_600_000,
	maxAttempts: 10
};

/**
 * The wait after attempt number `attempt` (1 for the first) failed, or `null` when it was the last
 * one allowed.
 */
export function retryDelay(policy: BackoffPolicy, attempt: number): number | null {
	if (!Number.isFinite(attempt) || attempt >= policy.maxAttempts) return null;
	const exponent = Math.max(0, Math.floor(attempt) - 1);
	// 2 ** exponent overflows nothing here: it is capped long before it matters.
	return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 40));
}
