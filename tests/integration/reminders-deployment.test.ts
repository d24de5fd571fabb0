import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, onTestFinished } from 'vitest';
import { ManualClock } from '../../src/lib/server/jobs/clock.ts';
import { openStore } from '../../src/lib/server/store/index.ts';
import { test as fixtures } from '../helpers/fixtures.ts';
import { passOn, storeDueFirm } from '../helpers/reminders.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

/**
 * The daily pass of a deployment (issue 13): two instances on PostgreSQL + Redis, both
 * scheduling, and one instance killed mid-batch. A real SMTP server counts what arrives.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHILD = fileURLToPath(new URL('../fixtures/outbox-child.ts', import.meta.url));
/** The scheduler's lease: past it, what a dead instance had claimed is claimed again. */
const LEASE_MS = 10 * 60_000;
const DAY_MS = 24 * 3_600_000;

const test = fixtures.extend(
	'sink',
	// eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's dependencies from its pattern
	async ({}, { onCleanup }): Promise<SmtpSink> => {
		const sink = await startSmtpSink();
		onCleanup(() => sink.close());
		return sink;
	}
);

describe('a deployment of two instances on PostgreSQL + Redis', () => {
	test('both scheduling, 200 contacts due: the SMTP server receives exactly one digest each', async ({
		pgDatabase,
		tempDir,
		startNavette,
		sink
	}) => {
		const clock = new ManualClock('2026-06-01T05:00:00Z');
		const env = {
			DATABASE_URL: pgDatabase.url,
			REDIS_URL,
			REDIS_PREFIX: `navette-test-${crypto.randomUUID()}`,
			SMTP_URL: sink.url
		};
		const store = await openStore({ dataDir: tempDir, databaseUrl: pgDatabase.url });
		const sentAt = '2026-06-01T08:00:00Z';
		const firms = [
			await storeDueFirm(store, { name: 'Cabinet Nord', clients: 10, contacts: 10, sentAt }),
			await storeDueFirm(store, { name: 'Cabinet Sud', clients: 10, contacts: 10, sentAt })
		];
		await store.close();
		const a = await startNavette({ seed: 'none', dataDir: tempDir, env, clock });
		const b = await startNavette({ seed: 'none', dataDir: tempDir, env, clock });
		const instances = [a.navette, b.navette];
		const expected = firms.flatMap((firm) => firm.addresses);
		expect(expected).toHaveLength(200);

		await Promise.all(instances.map((navette) => passOn(navette, clock, '2026-06-08')));
		await expect
			.poll(
				async () => {
					await Promise.all(instances.map((navette) => navette.scheduler.runDue()));
					return sink.received.length;
				},
				{ timeout: 30_000, interval: 50 }
			)
			.toBeGreaterThanOrEqual(200);
		// Both again, and the clock on: nothing more.
		await Promise.all(instances.map((navette) => navette.scheduler.runDue()));
		clock.advance(3_600_000);
		await Promise.all(instances.map((navette) => navette.scheduler.runDue()));
		await Promise.all(instances.map((navette) => navette.scheduler.idle()));

		expect(sink.received).toHaveLength(200);
		for (const address of expected) expect(sink.to(address), address).toHaveLength(1);
		const passes = await Promise.all(
			firms.map((firm) => a.navette.store.getJob(`reminders:${firm.firm.id}:2026-06-08`))
		);
		expect(passes.map((job) => job?.state)).toEqual(['done', 'done']);
		for (const firm of firms) {
			const messages = await a.navette.store.listOutbox(firm.firm.id, 500);
			expect(messages).toHaveLength(100);
			expect(messages.every((m) => m.state === 'sent')).toBe(true);
		}
	});
});

describe('an instance killed mid-batch', () => {
	test('after a restart every digest has arrived, twice only those acknowledged as it died', async ({
		tempDir,
		startNavette,
		sink
	}) => {
		// Due at once in real time: sent 10 days ago, a pass at 00:00 on any day.
		const store = await openStore({ dataDir: tempDir });
		const firm = await storeDueFirm(store, {
			name: 'Cabinet Est',
			clients: 20,
			contacts: 10,
			sentAt: new Date(Date.now() - 10 * DAY_MS).toISOString(),
			policy: { hour: '00:00', workingDaysOnly: false }
		});
		await store.close();
		const expected = firm.addresses;

		const child = spawn(process.execPath, [CHILD, tempDir, sink.url, '0', 'reminders'], {
			stdio: ['ignore', 'pipe', 'pipe']
		});
		onTestFinished(() => void child.kill('SIGKILL'));
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const closed = new Promise((resolve) => child.once('close', (_, signal) => resolve(signal)));
		const started = new Promise<void>((resolve) =>
			createInterface({ input: child.stdout }).on('line', (line) => {
				if (line === 'queued') resolve();
			})
		);
		await Promise.race([started, closed]);
		expect(stderr).toBe('');
		await expect
			.poll(() => sink.received.length, { interval: 5, timeout: 30_000 })
			.toBeGreaterThan(40);
		child.kill('SIGKILL');
		expect(await closed).toBe('SIGKILL');
		const beforeKill = new Set(sink.received.map((mail) => mail.messageId));
		const queuedBeforeKill = await countQueued(tempDir, firm.firm.id);
		expect(beforeKill.size).toBeLessThan(expected.length);

		// Restarted once the dead instance's leases have passed (the pass, the messages).
		const clock = new ManualClock(Date.now() + LEASE_MS + 1000);
		const server = await startNavette({
			seed: 'none',
			dataDir: tempDir,
			clock,
			env: { SMTP_URL: sink.url }
		});
		await server.navette.scheduler.idle();
		await expect
			.poll(
				async () => {
					await server.navette.scheduler.runDue();
					const messages = await server.navette.store.listOutbox(firm.firm.id, 500);
					return messages.filter((m) => m.state === 'sent').length;
				},
				{ timeout: 30_000, interval: 50 }
			)
			.toBe(expected.length);

		const copies = new Map<string, number>();
		for (const mail of sink.received) {
			copies.set(mail.messageId!, (copies.get(mail.messageId!) ?? 0) + 1);
		}
		for (const address of expected) expect(sink.to(address).length, address).toBeGreaterThan(0);
		const twice = [...copies].filter(([, n]) => n > 1).map(([id]) => id);
		expect([...copies.values()].every((n) => n <= 2)).toBe(true);
		// A duplicate is a digest the SMTP server had acknowledged before the kill, whose « sent »
		// had not been recorded yet: at most one batch (20) of the instance that died.
		expect(twice.every((id) => beforeKill.has(id))).toBe(true);
		expect(twice.length).toBeLessThanOrEqual(20);
		const reminders = await server.navette.store.listReminders(firm.firm.id);
		expect(reminders).toHaveLength(expected.length);
		console.log(
			`reminders crash: ${queuedBeforeKill} of ${expected.length} digests queued and ` +
				`${beforeKill.size} delivered before SIGKILL; ${twice.length} delivered twice ` +
				`(acknowledged while the instance died), ${expected.length - beforeKill.size} after restart`
		);
	});
});

/** How many digests the dead instance had queued (read with a store of its own, then closed). */
async function countQueued(dataDir: string, firmId: string): Promise<number> {
	const store = await openStore({ dataDir });
	try {
		return (await store.listOutbox(firmId, 500)).length;
	} finally {
		await store.close();
	}
}
