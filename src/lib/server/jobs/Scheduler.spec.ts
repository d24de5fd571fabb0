import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackoffPolicy } from '../../domain/backoff.ts';
import { every } from '../../domain/recurrence.ts';
import { SqliteStore } from '../store/SqliteStore.ts';
import { ManualClock } from './clock.ts';
import { Scheduler, type JobDefinition } from './Scheduler.ts';

const SECOND = 1000;
const BACKOFF: BackoffPolicy = { baseMs: 10 * SECOND, maxMs: 60 * SECOND, maxAttempts: 3 };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A scheduler on a manual clock over a real SQLite store in a fresh folder. */
function setup(definitions: JobDefinition[]) {
	const dir = mkdtempSync(join(tmpdir(), 'navette-scheduler-'));
	const store = SqliteStore.open(join(dir, 'navette.db'));
	const clock = new ManualClock('2026-05-12T07:00:00Z');
	const log: string[] = [];
	const scheduler = new Scheduler({ store, clock, log: (line) => log.push(line) });
	for (const definition of definitions) scheduler.define(definition);
	cleanups.push(async () => {
		await scheduler.stop();
		await store.close();
		rmSync(dir, { recursive: true, force: true });
	});
	return { store, clock, scheduler, log };
}

/** A job kind that fails while `failing()` says so, counting its runs. */
function flaky(kind: string, failing: () => boolean, extra: Partial<JobDefinition> = {}) {
	const runs: number[] = [];
	const definition: JobDefinition = {
		kind,
		backoff: BACKOFF,
		async run({ now }) {
			runs.push(now);
			if (failing()) throw new Error('SMTP down');
		},
		...extra
	};
	return { definition, runs };
}

describe('Scheduler', () => {
	it('retries a failing job after each backoff wait, then gives it up', async () => {
		const { definition, runs } = flaky('send', () => true);
		const { store, clock, scheduler, log } = setup([definition]);
		await scheduler.enqueue({ key: 'send:1', kind: 'send' });
		await scheduler.runDue();
		expect(await store.getJob('send:1')).toMatchObject({
			state: 'pending',
			attempts: 1,
			lastError: 'SMTP down',
			runAt: new Date(clock.now() + 10 * SECOND).toISOString()
		});
		clock.advance(10 * SECOND - 1);
		await scheduler.runDue();
		expect(runs).toHaveLength(1);
		clock.advance(1);
		await scheduler.runDue();
		clock.advance(20 * SECOND);
		await scheduler.runDue();
		expect(runs).toHaveLength(3);
		expect(await store.getJob('send:1')).toMatchObject({ state: 'failed', attempts: 3 });
		clock.advance(3_600_000);
		await scheduler.runDue();
		expect(runs).toHaveLength(3);
		expect(log.at(-1)).toMatch(/^Scheduler: job send:1 failed \(attempt 3\), given up: SMTP down/);
	});

	it('moves recurring work past its failed attempts to its next occurrence, attempts reset', async () => {
		let failing = true;
		const hourly = every(3_600_000);
		const { definition, runs } = flaky('hourly', () => failing, { every: hourly });
		const { store, clock, scheduler } = setup([definition]);
		await scheduler.runDue();
		expect(await store.getJob('hourly')).toMatchObject({ runAt: '2026-05-12T08:00:00.000Z' });
		clock.set('2026-05-12T08:00:00Z');
		for (let i = 0; i < 3; i++) {
			await scheduler.runDue();
			clock.advance(60 * SECOND);
		}
		expect(runs).toHaveLength(3);
		expect(await store.getJob('hourly')).toMatchObject({
			state: 'pending',
			attempts: 0,
			runAt: '2026-05-12T09:00:00.000Z'
		});
		failing = false;
		clock.set('2026-05-12T09:00:00Z');
		await scheduler.runDue();
		expect(runs).toHaveLength(4);
		expect(await store.getJob('hourly')).toMatchObject({ runAt: '2026-05-12T10:00:00.000Z' });
	});

	it('runs work enqueued for now, or falling due as the clock moves, without being asked', async () => {
		const { definition, runs } = flaky('send', () => false);
		const { clock, scheduler } = setup([definition]);
		scheduler.start();
		await scheduler.enqueue({ key: 'now', kind: 'send' });
		await expect.poll(() => runs.length).toBe(1);
		await scheduler.enqueue({ key: 'later', kind: 'send', runAt: clock.now() + 2 * SECOND });
		await scheduler.enqueue({ key: 'after', kind: 'send', runAt: clock.now() + 3 * SECOND });
		await scheduler.idle();
		expect(runs).toHaveLength(1);
		clock.advance(2 * SECOND);
		await expect.poll(() => runs.length).toBe(2);
		// The later instant is remembered too, though the poll would come only 5 s after this pass.
		clock.advance(1 * SECOND);
		await expect.poll(() => runs.length).toBe(3);
	});

	it('wakes for a recurring job at its occurrence, however the clock got near it', async () => {
		const { definition, runs } = flaky('hourly', () => false, { every: every(3_600_000) });
		const { store, clock, scheduler } = setup([definition]);
		scheduler.start();
		await scheduler.idle();
		// A poll just before the hour leaves the loop asleep until after it: the hour must wake it.
		clock.set('2026-05-12T07:59:59.999Z');
		await scheduler.idle();
		expect(runs).toEqual([]);
		clock.set('2026-05-12T08:00:00Z');
		await expect
			.poll(async () => (await store.getJob('hourly'))?.runAt)
			.toBe('2026-05-12T09:00:00.000Z');
		expect(runs).toHaveLength(1);
	});

	it('waits for the job under way when stopped, and aborts its signal', async () => {
		let release!: () => void;
		const started = Promise.withResolvers<AbortSignal>();
		const { store, scheduler } = setup([
			{
				kind: 'long',
				run: ({ signal }) => {
					started.resolve(signal);
					return new Promise<void>((resolve) => (release = resolve));
				}
			}
		]);
		scheduler.start();
		await scheduler.enqueue({ key: 'long', kind: 'long' });
		const signal = await started.promise;
		let stopped = false;
		const stopping = scheduler.stop().then(() => (stopped = true));
		expect(signal.aborted).toBe(true);
		await scheduler.enqueue({ key: 'after-stop', kind: 'long' });
		expect(stopped).toBe(false);
		release();
		await stopping;
		expect(await store.getJob('long')).toMatchObject({ state: 'done' });
		expect(await store.getJob('after-stop')).toMatchObject({ state: 'pending', attempts: 0 });
	});

	it('refuses a kind defined twice', () => {
		const { definition } = flaky('send', () => false);
		const { scheduler } = setup([definition]);
		expect(() => scheduler.define(definition)).toThrow('Job kind send is defined twice');
	});
});
