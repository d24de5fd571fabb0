import { describe, expect, it, vi } from 'vitest';
import type { NewOutboxMessage, Store } from '../../src/lib/server/store/Store.ts';
import { type ContractContext, firmWithClient, staffUser, UUID } from './contract-context.ts';

const T0 = Date.parse('2026-05-12T07:00:00.000Z');
/** `minutes` after T0, as the store's ISO text. */
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

/** A claim at `minutes` after T0, leased 10 minutes. */
const claimAt = (owner: string, minutes: number, kinds = ['reminder'], limit = 10) => ({
	owner,
	now: at(minutes),
	lockedUntil: at(minutes + 10),
	kinds,
	limit
});

const mail = (firmId: string, key: string, sendAt = at(0)): NewOutboxMessage => ({
	firmId,
	idempotencyKey: key,
	kind: 'reminder',
	to: { name: 'Sophie Martin', address: 'sophie@alter-ce.fr' },
	replyTo: { name: 'Claire Dubois', address: 'claire@cabinet-martin.fr' },
	subject: 'Documents attendus',
	text: 'Bonjour Sophie,',
	html: '<p>Bonjour Sophie,</p>',
	state: 'pending',
	sendAt
});

async function enqueueMany(store: Store, count: number): Promise<void> {
	for (let i = 0; i < count; i++) {
		await store.enqueueJob({ key: `job-${i}`, kind: 'reminder', runAt: at(0) });
	}
}

/** The job table and the e-mail outbox: idempotent by key, claimed under leases. */
export function jobsContract(ctx: ContractContext): void {
	describe('jobs', () => {
		it('makes one job of a key enqueued twice, and keeps the first one as it was', async () => {
			const first = await ctx.store.enqueueJob({
				key: 'reminder:alter-ce:2026-05-12',
				kind: 'reminder',
				payload: { clientId: 'alter-ce', requests: [1, 2] },
				runAt: '2026-05-12T09:00:00+02:00'
			});
			expect(first.created).toBe(true);
			expect(first.job).toMatchObject({
				key: 'reminder:alter-ce:2026-05-12',
				kind: 'reminder',
				payload: { clientId: 'alter-ce', requests: [1, 2] },
				state: 'pending',
				runAt: '2026-05-12T07:00:00.000Z',
				attempts: 0,
				lockedBy: null,
				lockedUntil: null,
				lastError: null,
				finishedAt: null
			});
			expect(first.job.id).toMatch(UUID);
			const again = await ctx.store.enqueueJob({
				key: 'reminder:alter-ce:2026-05-12',
				kind: 'other',
				payload: 'changed',
				runAt: at(60)
			});
			expect(again).toEqual({ job: first.job, created: false });
			expect(await ctx.store.getJob('reminder:alter-ce:2026-05-12')).toEqual(first.job);
			expect(await ctx.store.getJob('unknown')).toBeNull();
		});

		it('hands out due jobs of the kinds asked for, oldest first, under a lease', async () => {
			await ctx.store.enqueueJob({ key: 'later', kind: 'reminder', runAt: at(30) });
			await ctx.store.enqueueJob({ key: 'second', kind: 'reminder', runAt: at(-5) });
			await ctx.store.enqueueJob({ key: 'first', kind: 'reminder', runAt: at(-10) });
			await ctx.store.enqueueJob({ key: 'elsewhere', kind: 'digest', runAt: at(-20) });

			const claimed = await ctx.store.claimJobs(claimAt('instance-a', 0));
			expect(claimed.map((job) => job.key)).toEqual(['first', 'second']);
			expect(claimed[0]).toMatchObject({
				state: 'pending',
				attempts: 1,
				lockedBy: 'instance-a',
				lockedUntil: at(10)
			});
			expect(await ctx.store.claimJobs(claimAt('instance-b', 5))).toEqual([]);
			expect(
				(await ctx.store.claimJobs(claimAt('instance-b', 5, ['digest']))).map((j) => j.key)
			).toEqual(['elsewhere']);
			expect(await ctx.store.claimJobs(claimAt('instance-b', 5, []))).toEqual([]);
			expect((await ctx.store.claimJobs(claimAt('b', 40, ['reminder'], 1))).length).toBe(1);
		});

		it('lets another owner claim a job whose lease ran out, and not the first owner record it', async () => {
			await ctx.store.enqueueJob({ key: 'k', kind: 'reminder', runAt: at(0) });
			const [job] = await ctx.store.claimJobs(claimAt('instance-a', 0));
			// The lease (10 minutes) holds until its end, and passes at its end.
			expect(await ctx.store.claimJobs(claimAt('instance-b', 9))).toEqual([]);
			const [again] = await ctx.store.claimJobs(claimAt('instance-b', 10));
			expect(again).toMatchObject({ id: job!.id, attempts: 2, lockedBy: 'instance-b' });

			expect(await ctx.store.completeJob(job!.id, 'instance-a', { at: at(11) })).toBe(false);
			expect(
				await ctx.store.failJob(job!.id, 'instance-a', { at: at(11), error: 'x', retryAt: null })
			).toBe(false);
			expect(await ctx.store.completeJob(job!.id, 'instance-b', { at: at(12) })).toBe(true);
			expect(await ctx.store.getJob('k')).toMatchObject({
				state: 'done',
				lockedBy: null,
				lockedUntil: null,
				finishedAt: at(12)
			});
		});

		it('never hands one job to two of many concurrent claims', async () => {
			await enqueueMany(ctx.store, 40);
			const claims = await Promise.all(
				Array.from({ length: 8 }, (_, i) =>
					ctx.store.claimJobs(claimAt(`owner-${i}`, 0, undefined, 7))
				)
			);
			const ids = claims.flat().map((job) => job.id);
			expect(ids.length).toBe(40);
			expect(new Set(ids).size).toBe(40);
			for (const [i, claim] of claims.entries()) {
				expect(claim.every((job) => job.lockedBy === `owner-${i}`)).toBe(true);
			}
		});

		it('keeps a done job, so that its key enqueued again stays done', async () => {
			await ctx.store.enqueueJob({ key: 'once', kind: 'reminder', runAt: at(0) });
			const [job] = await ctx.store.claimJobs(claimAt('a', 0));
			await ctx.store.completeJob(job!.id, 'a', { at: at(1) });
			const again = await ctx.store.enqueueJob({ key: 'once', kind: 'reminder', runAt: at(2) });
			expect(again.created).toBe(false);
			expect(again.job.state).toBe('done');
			expect(await ctx.store.claimJobs(claimAt('a', 100))).toEqual([]);
		});

		it('reschedules a recurring job at its next occurrence, attempts reset', async () => {
			await ctx.store.enqueueJob({ key: 'purge', kind: 'reminder', runAt: at(0) });
			await ctx.store.claimJobs(claimAt('a', 0));
			const [job] = await ctx.store.claimJobs(claimAt('a', 10));
			expect(job!.attempts).toBe(2);
			expect(await ctx.store.completeJob(job!.id, 'a', { at: at(11), nextRunAt: at(1440) })).toBe(
				true
			);
			expect(await ctx.store.getJob('purge')).toMatchObject({
				state: 'pending',
				runAt: at(1440),
				attempts: 0,
				lockedBy: null,
				finishedAt: at(11)
			});
			expect(await ctx.store.claimJobs(claimAt('a', 1439))).toEqual([]);
			expect((await ctx.store.claimJobs(claimAt('a', 1440))).length).toBe(1);
		});

		it('retries a failed job at its retry time, and gives it up without one', async () => {
			await ctx.store.enqueueJob({ key: 'flaky', kind: 'reminder', runAt: at(0) });
			const [job] = await ctx.store.claimJobs(claimAt('a', 0));
			expect(
				await ctx.store.failJob(job!.id, 'a', { at: at(1), error: 'SMTP down', retryAt: at(5) })
			).toBe(true);
			expect(await ctx.store.getJob('flaky')).toMatchObject({
				state: 'pending',
				runAt: at(5),
				attempts: 1,
				lockedBy: null,
				lastError: 'SMTP down'
			});
			expect(await ctx.store.claimJobs(claimAt('a', 4))).toEqual([]);
			const [retry] = await ctx.store.claimJobs(claimAt('a', 5));
			expect(retry!.attempts).toBe(2);
			await ctx.store.failJob(retry!.id, 'a', { at: at(6), error: 'still down', retryAt: null });
			expect(await ctx.store.getJob('flaky')).toMatchObject({
				state: 'failed',
				lastError: 'still down',
				finishedAt: at(6)
			});
			expect(await ctx.store.claimJobs(claimAt('a', 1000))).toEqual([]);
		});

		it('drops jobs finished by then, never a pending one', async () => {
			for (const key of ['done', 'failed', 'recent', 'pending']) {
				await ctx.store.enqueueJob({ key, kind: 'reminder', runAt: at(0) });
			}
			const jobs = await ctx.store.claimJobs(claimAt('a', 0));
			const id = (key: string) => jobs.find((job) => job.key === key)!.id;
			await ctx.store.completeJob(id('done'), 'a', { at: at(1) });
			await ctx.store.failJob(id('failed'), 'a', { at: at(1), error: 'x', retryAt: null });
			await ctx.store.completeJob(id('recent'), 'a', { at: at(3) });
			expect(await ctx.store.deleteFinishedJobs(at(2))).toBe(2);
			expect(await ctx.store.getJob('done')).toBeNull();
			expect(await ctx.store.getJob('failed')).toBeNull();
			expect(await ctx.store.getJob('recent')).not.toBeNull();
			expect(await ctx.store.getJob('pending')).not.toBeNull();
			expect(await ctx.store.deleteFinishedJobs(at(1000))).toBe(1);
		});

		it('keeps its jobs across a reopen', async () => {
			await ctx.store.enqueueJob({ key: 'durable', kind: 'reminder', runAt: at(0) });
			const store = await ctx.reopen();
			expect((await store.claimJobs(claimAt('a', 0))).map((job) => job.key)).toEqual(['durable']);
		});
	});

	describe('outbox', () => {
		it('adds a message once per idempotency key', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const first = await ctx.store.addOutboxMessage(mail(firm.id, 'reminder:sophie:2026-05-12'));
			expect(first.created).toBe(true);
			expect(first.message).toMatchObject({
				firmId: firm.id,
				idempotencyKey: 'reminder:sophie:2026-05-12',
				kind: 'reminder',
				to: { name: 'Sophie Martin', address: 'sophie@alter-ce.fr' },
				replyTo: { name: 'Claire Dubois', address: 'claire@cabinet-martin.fr' },
				subject: 'Documents attendus',
				text: 'Bonjour Sophie,',
				html: '<p>Bonjour Sophie,</p>',
				state: 'pending',
				attempts: 0,
				nextAttemptAt: at(0),
				lastError: null,
				sentAt: null
			});
			const again = await ctx.store.addOutboxMessage({
				...mail(firm.id, 'reminder:sophie:2026-05-12'),
				subject: 'Autre chose'
			});
			expect(again).toEqual({ message: first.message, created: false });
			expect(await ctx.store.getOutboxMessage(first.message.id)).toEqual(first.message);
			expect(await ctx.store.listOutbox(firm.id, 10)).toEqual([first.message]);
		});

		it('hands out due pending messages under a lease, never an unsent one', async () => {
			const { firm } = await firmWithClient(ctx.store);
			await ctx.store.addOutboxMessage(mail(firm.id, 'due'));
			await ctx.store.addOutboxMessage(mail(firm.id, 'later', at(30)));
			const kept = await ctx.store.addOutboxMessage({ ...mail(firm.id, 'kept'), state: 'unsent' });
			expect(kept.message).toMatchObject({ state: 'unsent', nextAttemptAt: null });

			const claim = { owner: 'a', now: at(0), lockedUntil: at(10), limit: 10 };
			const [message, ...rest] = await ctx.store.claimOutbox(claim);
			expect(rest).toEqual([]);
			expect(message).toMatchObject({ idempotencyKey: 'due', attempts: 1, lockedBy: 'a' });
			expect(await ctx.store.claimOutbox({ ...claim, owner: 'b', now: at(5) })).toEqual([]);
			const retaken = await ctx.store.claimOutbox({
				owner: 'b',
				now: at(10),
				lockedUntil: at(20),
				limit: 1
			});
			expect(retaken.map((m) => [m.idempotencyKey, m.attempts, m.lockedBy])).toEqual([
				['due', 2, 'b']
			]);
		});

		it('records a failure with its reason and next attempt, then the send, once', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const { message } = await ctx.store.addOutboxMessage(mail(firm.id, 'k'));
			await ctx.store.claimOutbox({ owner: 'a', now: at(0), lockedUntil: at(10), limit: 5 });
			const failure = { at: at(1), error: 'Serveur SMTP injoignable', retryAt: at(2) };
			expect(await ctx.store.markOutboxFailed(message.id, 'b', failure)).toBe(false);
			expect(await ctx.store.markOutboxFailed(message.id, 'a', failure)).toBe(true);
			expect(await ctx.store.getOutboxMessage(message.id)).toMatchObject({
				state: 'pending',
				attempts: 1,
				nextAttemptAt: at(2),
				lastError: 'Serveur SMTP injoignable',
				lockedBy: null
			});
			const claim = { owner: 'a', now: at(1), lockedUntil: at(11), limit: 5 };
			expect(await ctx.store.claimOutbox(claim)).toEqual([]);
			expect(await ctx.store.claimOutbox({ ...claim, now: at(2) })).toHaveLength(1);
			expect(await ctx.store.markOutboxSent(message.id, at(3))).toBe(true);
			expect(await ctx.store.markOutboxSent(message.id, at(4))).toBe(false);
			expect(await ctx.store.getOutboxMessage(message.id)).toMatchObject({
				state: 'sent',
				attempts: 2,
				sentAt: at(3),
				nextAttemptAt: null,
				lastError: null,
				lockedBy: null
			});
			expect(await ctx.store.markOutboxFailed(message.id, 'a', failure)).toBe(false);
			expect(await ctx.store.claimOutbox({ ...claim, now: at(100) })).toEqual([]);
		});

		it('gives a message up for good when no retry is given', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const { message } = await ctx.store.addOutboxMessage(mail(firm.id, 'k'));
			await ctx.store.claimOutbox({ owner: 'a', now: at(0), lockedUntil: at(10), limit: 5 });
			await ctx.store.markOutboxFailed(message.id, 'a', {
				at: at(1),
				error: 'Refusé par le serveur SMTP (550)',
				retryAt: null
			});
			expect(await ctx.store.getOutboxMessage(message.id)).toMatchObject({
				state: 'failed',
				nextAttemptAt: null,
				lastError: 'Refusé par le serveur SMTP (550)'
			});
		});

		it('never hands one message to two of many concurrent claims', async () => {
			const { firm } = await firmWithClient(ctx.store);
			for (let i = 0; i < 30; i++) await ctx.store.addOutboxMessage(mail(firm.id, `m${i}`));
			const claims = await Promise.all(
				Array.from({ length: 6 }, (_, i) =>
					ctx.store.claimOutbox({ owner: `o${i}`, now: at(0), lockedUntil: at(10), limit: 6 })
				)
			);
			const ids = claims.flat().map((message) => message.id);
			expect(ids.length).toBe(30);
			expect(new Set(ids).size).toBe(30);
		});

		it("lists a firm's messages newest first, and only that firm's", async () => {
			const { firm } = await firmWithClient(ctx.store);
			const other = await ctx.store.createFirm({ name: 'Autre cabinet' });
			await ctx.store.addOutboxMessage(mail(firm.id, 'a'));
			// Listed by creation instant: the next one a millisecond later at least.
			const first = Date.now();
			await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(first));
			await ctx.store.addOutboxMessage(mail(firm.id, 'b'));
			await ctx.store.addOutboxMessage(mail(other.id, 'c'));
			const listed = await ctx.store.listOutbox(firm.id, 10);
			expect(listed.map((m) => m.idempotencyKey)).toEqual(['b', 'a']);
			expect((await ctx.store.listOutbox(firm.id, 1)).map((m) => m.idempotencyKey)).toEqual(['b']);
		});
	});

	describe('expired links', () => {
		it('deletes the links expired by then, used and revoked ones included', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const anne = await staffUser(ctx.store, firm.id, 'anne@cabinet.fr');
			const bob = await staffUser(ctx.store, firm.id, 'bob@cabinet.fr');
			const link = (id: string, userId: string, purpose: 'invite' | 'reset', expiresAt: string) =>
				ctx.store.createLink({ id, userId, purpose, createdBy: null, expiresAt });
			await link('old-invite', anne.id, 'invite', at(-60));
			await link('old-reset', anne.id, 'reset', at(0));
			await link('fresh', bob.id, 'invite', at(60));
			await ctx.store.revokeLinks(anne.id);

			expect(await ctx.store.deleteExpiredLinks(at(0))).toBe(2);
			expect(await ctx.store.getLink('old-invite')).toBeNull();
			expect(await ctx.store.getLink('old-reset')).toBeNull();
			expect(await ctx.store.getLink('fresh')).not.toBeNull();
			expect(await ctx.store.deleteExpiredLinks(at(0))).toBe(0);
		});
	});
}
