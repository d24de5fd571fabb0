import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/server/jobs/clock.ts';
import { DEMO_FIRM_ID } from '../../server/seed.ts';
import { startNavette } from '../helpers/navette.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';

const CHILD = fileURLToPath(new URL('../fixtures/outbox-child.ts', import.meta.url));
const COUNT = 200;
/** The scheduler's lease: past it, what a dead instance had claimed is claimed again. */
const LEASE_MS = 10 * 60_000;

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('outbox after a SIGKILL mid-batch', () => {
	it('delivers every message after a restart, and twice only those acknowledged as it died', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'navette-outbox-crash-'));
		cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
		const sink = await startSmtpSink();
		cleanups.push(() => sink.close());

		const child = spawn(process.execPath, [CHILD, dataDir, sink.url, String(COUNT)], {
			stdio: ['ignore', 'pipe', 'pipe']
		});
		cleanups.push(() => void child.kill('SIGKILL'));
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
		cleanups.push(() => server.close());
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
