import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from './clock.ts';

describe('ManualClock', () => {
	it('wakes a sleeper once time reaches its instant, not before', async () => {
		const clock = new ManualClock('2026-05-12T08:00:00Z');
		let woken = false;
		const sleeping = clock.sleepUntil(clock.now() + 60_000).then(() => (woken = true));
		clock.advance(59_999);
		await Promise.resolve();
		expect(woken).toBe(false);
		clock.advance(1);
		await sleeping;
		expect(woken).toBe(true);
		expect(clock.iso()).toBe('2026-05-12T08:01:00.000Z');
	});

	it('wakes sleepers in time order and lets an abort wake one early', async () => {
		const clock = new ManualClock(0);
		const order: string[] = [];
		const late = clock.sleepUntil(200).then(() => order.push('late'));
		const early = clock.sleepUntil(100).then(() => order.push('early'));
		const aborted = new AbortController();
		const cut = clock.sleepUntil(10_000, aborted.signal).then(() => order.push('aborted'));
		aborted.abort();
		await cut;
		clock.set(500);
		await Promise.all([late, early]);
		expect(order).toEqual(['aborted', 'early', 'late']);
	});

	it('resolves at once for an instant already past, and never wakes anyone going backwards', async () => {
		const clock = new ManualClock(1000);
		await clock.sleepUntil(1000);
		let woken = false;
		void clock.sleepUntil(2000).then(() => (woken = true));
		clock.set(0);
		await Promise.resolve();
		expect(woken).toBe(false);
	});
});

describe('systemClock', () => {
	it('sleeps until an instant, or until aborted', async () => {
		const start = systemClock.now();
		await systemClock.sleepUntil(start + 20);
		expect(systemClock.now()).toBeGreaterThanOrEqual(start + 20);
		const aborted = new AbortController();
		const sleeping = systemClock.sleepUntil(start + 3_600_000, aborted.signal);
		aborted.abort();
		await sleeping;
	});
});
