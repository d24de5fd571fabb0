import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { ManualClock } from '../../src/lib/server/jobs/clock.ts';
import { DEMO_FIRM_ID } from '../../server/seed.ts';
import { releasing, test } from '../helpers/fixtures.ts';

const CHILD = fileURLToPath(new URL('../fixtures/outbox-child.ts', import.meta.url));
const COUNT = 200;
/** The scheduler's lease: past it, what a dead instance had claimed is claimed again. */
const LEASE_MS = 10 * 60_000;

/**
 * `spawnOutboxChild(dataDir, smtpUrl)`: the crash-test child (`tests/fixtures/outbox-child.ts`)
 * queuing COUNT messages; one still running once done is SIGKILLed and waited for.
 */
// eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's dependencies from its pattern
const it = test.extend('spawnOutboxChild', async ({}, { onCleanup }) =>
	releasing(
		onCleanup,
		(dataDir: string, smtpUrl: string) =>
			spawn(process.execPath, [CHILD, dataDir, smtpUrl, String(COUNT)], {
				stdio: ['ignore', 'pipe', 'pipe']
			}),
		async (child: ChildProcess) => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = once(child, 'exit');
			child.kill('SIGKILL');
			await exited;
		}
	)
);

describe('outbox after a SIGKILL mid-batch', () => {
	it('delivers every message after a restart, and twice only those acknowledged as it died', async ({
		tempDir: dataDir,
		smtpSink,
		startNavette,
		spawnOutboxChild
	}) => {
		const sink = await smtpSink();

		const child = spawnOutboxChild(dataDir, sink.url);
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const closed = new Promise((resolve) => child.once('close', (_, signal) => resolve(signal)));
		const queued = new Promise<void>((resolve) =>
			createInterface({ input: child.stdout }).on('line', (line) => {
				if (line === 'queued') resolve();
			})
		);
		await Promise.race([queued, closed]);
		expect(stderr).toBe('');
		// Mid-batch: some messages delivered, most not.
		await expect
			.poll(() => sink.received.length, { interval: 5, timeout: 20_000 })
			.toBeGreaterThan(40);
		child.kill('SIGKILL');
		expect(await closed).toBe('SIGKILL');
		const beforeKill = new Set(sink.received.map((mail) => mail.messageId));
		expect(beforeKill.size).toBeLessThan(COUNT);

		// Restarted once the dead instance's leases have passed.
		const clock = new ManualClock(Date.now() + LEASE_MS + 1000);
		const server = await startNavette({
			dataDir,
			clock,
			env: { SMTP_URL: sink.url },
			reminders: false
		});
		await server.navette.scheduler.idle();
		await server.navette.scheduler.runDue();

		const messages = await server.navette.store.listOutbox(DEMO_FIRM_ID, COUNT * 2);
		expect(messages).toHaveLength(COUNT);
		expect(messages.filter((message) => message.state !== 'sent')).toEqual([]);
		const copies = new Map<string, number>();
		for (const mail of sink.received) {
			copies.set(mail.messageId!, (copies.get(mail.messageId!) ?? 0) + 1);
		}
		for (let n = 0; n < COUNT; n++)
			expect(sink.to(`contact-${n}@alter-ce.fr`).length).toBeGreaterThan(0);
		const twice = [...copies].filter(([, n]) => n > 1).map(([id]) => id);
		expect([...copies.values()].every((n) => n <= 2)).toBe(true);
		// A duplicate is a message the SMTP server had acknowledged before the kill, whose « sent »
		// had not been recorded yet: at most one batch (20) of the instance that died.
		expect(twice.every((id) => beforeKill.has(id))).toBe(true);
		expect(twice.length).toBeLessThanOrEqual(20);
		console.log(
			`outbox crash: ${beforeKill.size} of ${COUNT} delivered before SIGKILL, ` +
				`${twice.length} sent twice (acknowledged while the instance died)`
		);
	});
});
