import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import { OUTBOX_BACKOFF, retryDelay } from '../../src/lib/domain/backoff.ts';
import { ManualClock } from '../../src/lib/server/jobs/clock.ts';
import { PURGE_KIND } from '../../src/lib/server/jobs/purge.ts';
import type { JobDefinition } from '../../src/lib/server/jobs/Scheduler.ts';
import type { OutgoingMail } from '../../src/lib/server/mail/outbox.ts';
import { firmOutbox } from '../../src/lib/server/mail/outbox-view.ts';
import { toSessionUser } from '../../src/lib/server/auth/sessions.ts';
import { DEMO_ACCOUNTS, DEMO_FIRM_ID } from '../../server/seed.ts';
import { it } from '../helpers/fixtures.ts';
import { freePort } from '../helpers/ports.ts';

/**
 * Background work in a real Navette (store, scheduler, outbox, nodemailer against a real SMTP
 * server) on a manual clock: tests move time and await the scheduler's passes, never a timer.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MINUTE = 60_000;

/** A job kind that records who ran which job, after a turn of the event loop (some work). */
function countingJob(runs: { key: string; owner: string }[]): JobDefinition {
	return {
		kind: 'count',
		async run({ job, scheduler }) {
			await nextTurn();
			runs.push({ key: job.key, owner: scheduler.owner });
		}
	};
}

const mail = (key: string, address = 'sophie@alter-ce.fr'): OutgoingMail => ({
	firmId: DEMO_FIRM_ID,
	idempotencyKey: key,
	kind: 'reminder',
	to: { name: 'Sophie Martin', address },
	replyTo: { name: 'Claire Dubois', address: DEMO_ACCOUNTS.claire },
	subject: 'Documents attendus pour Alter Ce',
	text: 'Bonjour Sophie Martin,\n\nIl nous manque encore deux documents.',
	html: '<p>Bonjour Sophie Martin,</p><p>Il nous manque encore deux documents.</p>'
});

describe('scheduler', () => {
	it('runs once, at start, a job that fell due while the server was down', async ({
		tempDir: dataDir,
		startNavette
	}) => {
		const clock = new ManualClock('2026-05-12T07:00:00Z');
		const runs: { key: string; owner: string }[] = [];
		const options = { dataDir, clock, jobs: [countingJob(runs)], reminders: false };

		const first = await startNavette(options);
		await first.navette.scheduler.enqueue({
			key: 'count:alter-ce:2026-05-12',
			kind: 'count',
			runAt: clock.now() + 60 * MINUTE
		});
		await first.navette.scheduler.runDue();
		expect(runs).toEqual([]);
		await first.close();

		clock.advance(3 * 60 * MINUTE);
		const second = await startNavette(options);
		// The first pass starts with the server; waiting for it is waiting for the catch-up.
		await second.navette.scheduler.idle();
		expect(runs.map((run) => run.key)).toEqual(['count:alter-ce:2026-05-12']);
		expect(await second.navette.store.getJob('count:alter-ce:2026-05-12')).toMatchObject({
			state: 'done',
			attempts: 1
		});

		await second.navette.scheduler.runDue();
		await second.navette.scheduler.enqueue({ key: 'count:alter-ce:2026-05-12', kind: 'count' });
		await second.navette.scheduler.runDue();
		expect(runs).toHaveLength(1);
	});

	it('purges expired sessions, links and old jobs daily, when the clock reaches 03:00 UTC', async ({
		tempDir,
		startNavette
	}) => {
		const clock = new ManualClock('2026-05-12T01:00:00Z');
		const server = await startNavette({ dataDir: tempDir, clock, reminders: false });
		const { store, scheduler } = server.navette;
		const claire = (await store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
		const sophie = (await store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
		const hours = (n: number) => new Date(clock.now() + n * 3_600_000).toISOString();
		await store.createSession({ id: 'ended', userId: claire.id, expiresAt: hours(1) });
		await store.createSession({ id: 'alive', userId: claire.id, expiresAt: hours(24 * 20) });
		const link = (id: string, userId: string, purpose: 'invite' | 'reset', expiresAt: string) =>
			store.createLink({ id, userId, purpose, createdBy: null, expiresAt });
		await link('long-expired', claire.id, 'reset', hours(-24 * 31));
		await link('just-expired', sophie.id, 'reset', hours(-24));
		await link('valid', sophie.id, 'invite', hours(24));
		const signin = (id: string, expiresAt: string) =>
			store.createSigninLink({ id, userId: sophie.id, createdBy: claire.id, expiresAt });
		await signin('signin-long-expired', hours(-24 * 31));
		await signin('signin-just-expired', hours(-24));
		// A job finished 91 days ago (its kind unknown to this instance, so only the purge touches it).
		await store.enqueueJob({ key: 'old', kind: 'elsewhere', runAt: hours(-24 * 92) });
		const [old] = await store.claimJobs({
			owner: 'gone',
			now: hours(-24 * 92),
			lockedUntil: hours(-24 * 91),
			kinds: ['elsewhere'],
			limit: 1
		});
		await store.completeJob(old!.id, 'gone', { at: hours(-24 * 91) });

		await scheduler.idle();
		expect(await store.getJob(PURGE_KIND)).toMatchObject({
			state: 'pending',
			runAt: '2026-05-12T03:00:00.000Z'
		});
		clock.set('2026-05-12T02:59:59.999Z');
		await scheduler.runDue();
		expect(await store.getSession('ended')).not.toBeNull();

		// No runDue: the loop wakes by itself when the clock reaches the job's instant, runs it and
		// reschedules it for the next day (its last step).
		clock.set('2026-05-12T03:00:00Z');
		await expect
			.poll(async () => (await store.getJob(PURGE_KIND))?.runAt)
			.toBe('2026-05-13T03:00:00.000Z');
		expect(await store.getJob(PURGE_KIND)).toMatchObject({ state: 'pending', attempts: 0 });
		expect(await store.getSession('ended')).toBeNull();
		expect(await store.getSession('alive')).not.toBeNull();
		expect(await store.getLink('long-expired')).toBeNull();
		// Kept 30 days past expiry, so that opening it still says « Ce lien a expiré ».
		expect(await store.getLink('just-expired')).not.toBeNull();
		expect(await store.getLink('valid')).not.toBeNull();
		expect(await store.getSigninLink('signin-long-expired')).toBeNull();
		expect(await store.getSigninLink('signin-just-expired')).not.toBeNull();
		expect(await store.getJob('old')).toBeNull();
	});
});

describe('outbox', () => {
	it('keeps trying while SMTP is down, with backoff, and delivers once it is back', async ({
		tempDir,
		smtpSink,
		startNavette
	}) => {
		const clock = new ManualClock('2026-05-12T07:00:00Z');
		const port = await freePort();
		const server = await startNavette({
			dataDir: tempDir,
			clock,
			env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Navette <navette@cabinet.fr>' },
			reminders: false
		});
		const { outbox, scheduler, store } = server.navette;
		expect(outbox.configured).toBe(true);

		const { message } = await outbox.queue(mail('reminder:sophie:2026-05-12'));
		await scheduler.runDue();
		const firstDelay = retryDelay(OUTBOX_BACKOFF, 1)!;
		const failed = (await store.getOutboxMessage(message.id))!;
		expect(failed).toMatchObject({
			state: 'pending',
			attempts: 1,
			nextAttemptAt: new Date(clock.now() + firstDelay).toISOString(),
			lockedBy: null
		});
		expect(failed.lastError).toMatch(/^Serveur SMTP injoignable \(.*ECONNREFUSED/);
		const [listed] = await outbox.list(DEMO_FIRM_ID);
		expect(listed!.status).toEqual({
			label: 'Échec · nouvelle tentative le 12/05 à 09:01',
			tone: 'error',
			reason: failed.lastError
		});

		// Not before its next attempt; then again, with a longer wait.
		clock.advance(firstDelay - 1);
		await scheduler.runDue();
		expect((await store.getOutboxMessage(message.id))!.attempts).toBe(1);
		clock.advance(1);
		await scheduler.runDue();
		const secondDelay = retryDelay(OUTBOX_BACKOFF, 2)!;
		expect(secondDelay).toBeGreaterThan(firstDelay);
		expect(await store.getOutboxMessage(message.id)).toMatchObject({
			attempts: 2,
			nextAttemptAt: new Date(clock.now() + secondDelay).toISOString()
		});

		const smtp = await smtpSink(port);
		clock.advance(secondDelay);
		await scheduler.runDue();
		expect(await store.getOutboxMessage(message.id)).toMatchObject({
			state: 'sent',
			attempts: 3,
			sentAt: clock.iso(),
			lastError: null
		});
		const [received, ...more] = smtp.to('sophie@alter-ce.fr');
		expect(more).toEqual([]);
		expect(received!.subject).toBe('Documents attendus pour Alter Ce');
		expect(received!.messageId).toBe(`<outbox.${message.id}@cabinet.fr>`);
		expect(received!.replyTo?.value).toEqual([
			{ name: 'Claire Dubois', address: DEMO_ACCOUNTS.claire }
		]);
		expect(received!.text).toContain('Il nous manque encore deux documents.');

		// Queued again (a retried pass), or time moving on: nothing more is sent.
		expect((await outbox.queue(mail('reminder:sophie:2026-05-12'))).created).toBe(false);
		clock.advance(24 * 60 * MINUTE);
		await scheduler.runDue();
		expect(smtp.received).toHaveLength(1);
		expect((await outbox.list(DEMO_FIRM_ID))[0]!.status.label).toBe('Envoyé le 12/05 à 09:03');
	});

	it('gives up on a recipient the SMTP server refuses, and says why', async ({
		tempDir,
		smtpSink,
		startNavette
	}) => {
		const clock = new ManualClock('2026-05-12T07:00:00Z');
		const smtp = await smtpSink();
		const server = await startNavette({
			dataDir: tempDir,
			clock,
			env: { SMTP_URL: smtp.url },
			reminders: false
		});
		const { outbox, scheduler, store } = server.navette;
		// The sink refuses nothing; smtp-server refuses an address with no domain part.
		const { message } = await outbox.queue(mail('reminder:nobody', 'nobody'));
		await scheduler.runDue();
		const given = (await store.getOutboxMessage(message.id))!;
		expect(given).toMatchObject({ state: 'failed', attempts: 1, nextAttemptAt: null });
		expect(given.lastError).toMatch(/^Refusé par le serveur SMTP \(5\d\d/);
		expect(smtp.received).toEqual([]);
	});

	it('keeps messages unsent, for the « Boîte d’envoi », without SMTP_URL', async ({
		tempDir,
		startNavette
	}) => {
		const clock = new ManualClock('2026-05-12T07:00:00Z');
		const server = await startNavette({ dataDir: tempDir, clock, reminders: false });
		const { outbox, scheduler, store } = server.navette;
		expect(outbox.configured).toBe(false);
		const { message } = await outbox.queue(mail('reminder:sophie:2026-05-12'));
		clock.advance(60 * MINUTE);
		await scheduler.runDue();
		expect(await store.getOutboxMessage(message.id)).toMatchObject({
			state: 'unsent',
			attempts: 0
		});
		const claire = toSessionUser((await store.getUserByEmail(DEMO_ACCOUNTS.claire))!, 'session');
		const page = await firmOutbox(server.navette.runtime, claire);
		expect(page.configured).toBe(false);
		const [entry, ...others] = page.messages;
		expect(others).toEqual([]);
		expect(entry).toMatchObject({
			id: message.id,
			to: { name: 'Sophie Martin', address: 'sophie@alter-ce.fr' },
			text: expect.stringContaining('Il nous manque encore deux documents.'),
			status: { label: 'Non envoyé (e-mail non configuré)', tone: 'muted', reason: null }
		});
		const sophie = toSessionUser((await store.getUserByEmail(DEMO_ACCOUNTS.sophie))!, 'session');
		await expect(firmOutbox(server.navette.runtime, sophie)).rejects.toMatchObject({
			status: 403
		});
	});
});

describe('two instances on PostgreSQL', () => {
	it('both scheduling: each job runs once and each message is mailed once', async ({
		tempDir: dataDir,
		pgDatabase: database,
		smtpSink,
		startNavette
	}) => {
		const smtp = await smtpSink();
		const clock = new ManualClock('2026-05-12T07:00:00Z');
		const runs: { key: string; owner: string }[] = [];
		const env = {
			DATABASE_URL: database.url,
			REDIS_URL,
			REDIS_PREFIX: `navette-test-${crypto.randomUUID()}`,
			SMTP_URL: smtp.url
		};
		const options = { dataDir, env, clock, jobs: [countingJob(runs)], reminders: false };
		const a = await startNavette(options);
		const b = await startNavette(options);
		const instances = [a.navette, b.navette];

		const due = clock.now() + 60 * MINUTE;
		for (let i = 0; i < 100; i++) {
			const { scheduler } = instances[i % 2]!;
			await scheduler.enqueue({ key: `count:${i}`, kind: 'count', runAt: due });
			// Both instances enqueue every key: still one job each.
			await instances[(i + 1) % 2]!.scheduler.enqueue({
				key: `count:${i}`,
				kind: 'count',
				runAt: due
			});
		}
		for (let i = 0; i < 60; i++) {
			await instances[i % 2]!.outbox.queue({
				...mail(`digest:${i}`, `contact-${i}@alter-ce.fr`),
				sendAt: due
			});
		}

		clock.advance(60 * MINUTE);
		await Promise.all(instances.map((navette) => navette.scheduler.runDue()));
		await Promise.all(instances.map((navette) => navette.scheduler.idle()));

		expect(runs).toHaveLength(100);
		expect(new Set(runs.map((run) => run.key)).size).toBe(100);
		expect(new Set(runs.map((run) => run.owner))).toEqual(
			new Set(instances.map((navette) => navette.scheduler.owner))
		);
		expect(smtp.received).toHaveLength(60);
		for (let i = 0; i < 60; i++) expect(smtp.to(`contact-${i}@alter-ce.fr`)).toHaveLength(1);
	});
});
