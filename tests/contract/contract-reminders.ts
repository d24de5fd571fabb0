import { describe, expect, it } from 'vitest';
import type {
	NewOutboxMessage,
	NewReminder,
	NewReminderDigest
} from '../../src/lib/server/store/Store.ts';
import {
	clientUser,
	type ContractContext,
	firmWithClient,
	ISO_INSTANT,
	staffUser
} from './contract-context.ts';

/**
 * The reminders' tables (issue 13): firm settings, pauses, opt-outs, and digests written with
 * their records a batch per transaction, once per idempotency key (one per contact a day).
 */
export function remindersContract(ctx: ContractContext): void {
	describe('reminders', () => {
		const AT = '2026-05-12T07:00:00.000Z';

		async function setup() {
			const { firm, client } = await firmWithClient(ctx.store);
			const contact = await clientUser(ctx.store, client, 'sophie@alterce.fr');
			const staff = await staffUser(ctx.store, firm.id, 'claire@cabinet.fr');
			return { firm, client, contact, staff };
		}
		const message = (firmId: string, key: string): NewOutboxMessage => ({
			firmId,
			idempotencyKey: key,
			kind: 'reminder',
			to: { name: 'Sophie', address: 'sophie@alterce.fr' },
			subject: 'Cabinet : 2 demandes en attente',
			text: 'texte',
			html: '<p>html</p>',
			state: 'pending',
			sendAt: AT
		});
		const reminder = (
			s: Awaited<ReturnType<typeof setup>>,
			requestIds: string[],
			trigger: 'auto' | 'manual' = 'auto'
		): NewReminder => ({
			firmId: s.firm.id,
			clientId: s.client.id,
			contactUserId: s.contact.id,
			trigger,
			byUserId: trigger === 'manual' ? s.staff.id : null,
			at: AT,
			parisDate: '2026-05-12',
			requestIds
		});

		it('keeps one JSON value per firm and key, replaced on write, across a reopen', async () => {
			const { firm } = await setup();
			expect(await ctx.store.getFirmSetting(firm.id, 'reminders')).toBeUndefined();
			await ctx.store.setFirmSetting(firm.id, 'reminders', { enabled: true, hour: '09:00' }, AT);
			await ctx.store.setFirmSetting(firm.id, 'recurring', [1, 2], AT);
			await ctx.store.setFirmSetting(firm.id, 'reminders', { enabled: false }, AT);
			await ctx.reopen();
			expect(await ctx.store.getFirmSetting(firm.id, 'reminders')).toEqual({ enabled: false });
			expect(await ctx.store.getFirmSetting(firm.id, 'recurring')).toEqual([1, 2]);
			await expect(ctx.store.setFirmSetting('no-firm', 'reminders', {}, AT)).rejects.toThrow();
		});

		it('pauses a client until a date or for good, replaces and lifts the pause', async () => {
			const s = await setup();
			const pause = { clientId: s.client.id, firmId: s.firm.id, byUserId: s.staff.id, at: AT };
			await ctx.store.setReminderPause({ ...pause, until: '2026-06-01' });
			expect(await ctx.store.listReminderPauses(s.firm.id)).toEqual([
				{ ...pause, until: '2026-06-01' }
			]);
			await ctx.store.setReminderPause({ ...pause, until: null });
			expect(await ctx.store.listReminderPauses(s.firm.id)).toEqual([{ ...pause, until: null }]);
			await ctx.store.deleteReminderPause(s.client.id);
			await ctx.store.deleteReminderPause(s.client.id);
			expect(await ctx.store.listReminderPauses(s.firm.id)).toEqual([]);
		});

		it('opts requests out idempotently, per client, and back in', async () => {
			const s = await setup();
			const other = await ctx.store.createClient({ firmId: s.firm.id, name: 'Bâti Sud' });
			const base = { firmId: s.firm.id, byUserId: s.staff.id, at: AT };
			await ctx.store.setReminderOptOut({ ...base, requestId: 'r1', clientId: s.client.id });
			await ctx.store.setReminderOptOut({ ...base, requestId: 'r1', clientId: s.client.id });
			await ctx.store.setReminderOptOut({ ...base, requestId: 'r2', clientId: other.id });
			expect((await ctx.store.listReminderOptOuts(s.firm.id)).map((o) => o.requestId)).toEqual([
				'r1',
				'r2'
			]);
			expect(await ctx.store.listReminderOptOuts(s.firm.id, s.client.id)).toEqual([
				{ ...base, requestId: 'r1', clientId: s.client.id }
			]);
			await ctx.store.deleteReminderOptOut('r1');
			expect((await ctx.store.listReminderOptOuts(s.firm.id)).map((o) => o.requestId)).toEqual([
				'r2'
			]);
		});

		/** A digest as the reminders write it: message, reminder, sign-in link, audit, events. */
		const digest = (
			s: Awaited<ReturnType<typeof setup>>,
			key: string,
			r: NewReminder
		): NewReminderDigest => {
			const id = r.id ?? crypto.randomUUID();
			return {
				message: message(s.firm.id, key),
				reminder: { ...r, id },
				signinLink: {
					id: `link-${id}`,
					userId: r.contactUserId,
					createdBy: r.byUserId,
					expiresAt: '2026-05-19T07:00:00.000Z'
				},
				audit: {
					firmId: s.firm.id,
					userId: r.byUserId,
					action: 'signin-link.issue',
					target: r.contactUserId,
					detail: null
				},
				events: r.requestIds.map((requestId) => ({
					id: `reminded:${id}:${requestId}`,
					firmId: s.firm.id,
					clientId: r.clientId,
					requestId,
					taskId: 't1',
					actor: { id: null, name: 'Navette', role: 'system' },
					kind: 'reminded',
					detail: { trigger: r.trigger },
					at: r.at
				}))
			};
		};
		const addOne = async (d: NewReminderDigest) => (await ctx.store.addReminders([d]))[0]!;

		it('writes a digest with its reminder, link, audit entry and events, once per key', async () => {
			const s = await setup();
			const first = await addOne(
				digest(s, 'reminder-digest:c:2026-05-12', reminder(s, ['r1', 'r2', 'r1']))
			);
			expect(first.created).toBe(true);
			expect(first.reminder).toMatchObject({
				outboxId: first.message!.id,
				trigger: 'auto',
				byUserId: null,
				requestIds: ['r1', 'r2']
			});
			expect(first.reminder!.at).toMatch(ISO_INSTANT);
			const again = await addOne(
				digest(s, 'reminder-digest:c:2026-05-12', reminder(s, ['r3'], 'manual'))
			);
			expect(again.created).toBe(false);
			expect(again.message!.id).toBe(first.message!.id);
			expect(again.reminder).toEqual(first.reminder);
			await ctx.reopen();
			const listed = await ctx.store.listReminders(s.firm.id, { clientId: s.client.id });
			expect(listed).toEqual([first.reminder]);
			expect(
				(await ctx.store.listReminderSends(s.firm.id)).map((send) => send.requestId).sort()
			).toEqual(['r1', 'r2']);
			// The second digest's link, audit entry and event were not written: only the first's.
			expect(await ctx.store.listSigninLinks(s.contact.id)).toMatchObject([
				{ id: `link-${first.reminder!.id}`, userId: s.contact.id, createdBy: null }
			]);
			expect(await ctx.store.listAudit(s.firm.id, 10)).toMatchObject([
				{ action: 'signin-link.issue', target: s.contact.id, userId: null }
			]);
			const events = await ctx.store.listRequestEvents({ firmId: s.firm.id }, 10);
			expect(events.map((event) => event.id).sort()).toEqual([
				`reminded:${first.reminder!.id}:r1`,
				`reminded:${first.reminder!.id}:r2`
			]);
		});

		it('writes a batch in one transaction, with its results in the order given', async () => {
			const s = await setup();
			const other = await clientUser(ctx.store, s.client, 'paul@alterce.fr');
			const added = await ctx.store.addReminders([
				digest(s, 'k2', reminder(s, ['r1'])),
				digest(s, 'k1', { ...reminder(s, ['r2']), contactUserId: other.id })
			]);
			expect(
				added.map((a) => [a.created, a.message?.idempotencyKey, a.reminder?.requestIds])
			).toEqual([
				[true, 'k2', ['r1']],
				[true, 'k1', ['r2']]
			]);
			const refused = ctx.store.addReminders([
				digest(s, 'k3', reminder(s, ['r3'])),
				digest(s, 'k4', { ...reminder(s, ['r4']), clientId: 'nobody' })
			]);
			await expect(refused).rejects.toThrow();
			// Nothing of the refused batch, not even its valid digest: all of a batch or none.
			expect(
				(await ctx.store.listOutbox(s.firm.id, 10)).map((m) => m.idempotencyKey).sort()
			).toEqual(['k1', 'k2']);
			expect(await ctx.store.listReminders(s.firm.id)).toHaveLength(2);
			expect(await ctx.store.listSigninLinks(s.contact.id)).toHaveLength(1);
			expect(await ctx.store.listAudit(s.firm.id, 10)).toHaveLength(2);
			expect(await ctx.store.listRequestEvents({ firmId: s.firm.id }, 10)).toHaveLength(2);
		});

		it('queues nothing, and issues no link, for a contact deactivated or not a client', async () => {
			const s = await setup();
			await ctx.store.setUserDisabled(s.contact.id, true);
			const added = await ctx.store.addReminders([
				digest(s, 'k1', reminder(s, ['r1'])),
				digest(s, 'k2', { ...reminder(s, ['r2']), contactUserId: s.staff.id })
			]);
			expect(added).toEqual([
				{ message: null, reminder: null, created: false },
				{ message: null, reminder: null, created: false }
			]);
			expect(await ctx.store.listOutbox(s.firm.id, 10)).toEqual([]);
			expect(await ctx.store.listSigninLinks(s.contact.id)).toEqual([]);
			expect(await ctx.store.listAudit(s.firm.id, 10)).toEqual([]);
		});

		it('lists reminders newest first, by client, with their own requests', async () => {
			const s = await setup();
			const other = await ctx.store.createClient({ firmId: s.firm.id, name: 'Bâti Sud' });
			const otherContact = await clientUser(ctx.store, other, 'paul@batisud.fr');
			await ctx.store.addReminders([
				digest(s, 'k1', reminder(s, ['r1'])),
				digest(s, 'k2', { ...reminder(s, ['r2'], 'manual'), at: '2026-05-13T07:00:00.000Z' }),
				digest(s, 'k3', {
					...reminder(s, ['r9']),
					clientId: other.id,
					contactUserId: otherContact.id
				})
			]);
			const mine = await ctx.store.listReminders(s.firm.id, { clientId: s.client.id });
			expect(mine.map((r) => [r.trigger, r.requestIds])).toEqual([
				['manual', ['r2']],
				['auto', ['r1']]
			]);
			expect(await ctx.store.listReminders(s.firm.id)).toHaveLength(3);
			expect(await ctx.store.listReminders(s.firm.id, { limit: 1 })).toHaveLength(1);
			expect(await ctx.store.listReminderSends(s.firm.id)).toHaveLength(3);
		});
	});
}
