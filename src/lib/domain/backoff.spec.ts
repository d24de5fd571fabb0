import { describe, expect, it } from 'vitest';
import { OUTBOX_BACKOFF, retryDelay, type BackoffPolicy } from './backoff.ts';

const POLICY: BackoffPolicy = { baseMs: 1000, maxMs: 10_000, maxAttempts: 6 };

describe('retryDelay', () => {
	it('doubles from the base after each failed attempt, up to the cap', () => {
		expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(POLICY, attempt))).toEqual([
			1000, 2000, 4000, 8000, 10_000
		]);
	});

	it('gives up after the last attempt allowed', () => {
		expect(retryDelay(POLICY, 6)).toBeNull();
		expect(retryDelay(POLICY, 7)).toBeNull();
		expect(retryDelay(POLICY, Number.NaN)).toBeNull();
	});

	it('treats an attempt below one as the first', () => {
		expect(retryDelay(POLICY, 0)).toBe(1000);
	});

	it('keeps retrying e-mail for about three days before giving up', () => {
		let total = 0;
		for (let attempt = 1; ; attempt++) {
			const delay = retryDelay(OUTBOX_BACKOFF, attempt);
			if (delay === null) break;
			total += delay;
		}
		expect(total / 3_600_000).toBeGreaterThan(60);
		expect(total / 3_600_000).toBeLessThan(80);
	});
});
