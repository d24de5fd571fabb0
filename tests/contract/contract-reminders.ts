import { describe, expect, it } from 'vitest';
import type { NewOutboxMessage, NewReminder } from '../../src/lib/server/store/Store.ts';
import {
	clientUser,
	type ContractContext,
	firmWithClient,
	ISO_INSTANT,
	staffUser
} from './contract-context.ts';

/**
 * The reminders' tables (issue 13): firm settings, pauses, opt-outs, and a digest written with
 * its reminder record in one transaction, once per idempotency key (one per contact a day).
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

		it('writes a digest and its record together, once per key', async () => {
			const s = await setup();
			const first = await ctx.store.addReminder({
				message: message(s.firm.id, 'reminder-digest:c:2026-05-12'),
				reminder: reminder(s, ['r1', 'r2', 'r1'])
			});
			expect(first.created).toBe(true);
			expect(first.reminder).toMatchObject({
				outboxId: first.message.id,
				trigger: 'auto',
				byUserId: null,
				requestIds: ['r1', 'r2']
			});
			expect(first.reminder!.at).toMatch(ISO_INSTANT);
			const again = await ctx.store.addReminder({
				message: message(s.firm.id, 'reminder-digest:c:2026-05-12'),
				reminder: reminder(s, ['r3'], 'manual')
			});
			expect(again.created).toBe(false);
			expect(again.message.id).toBe(first.message.id);
			expect(again.reminder).toEqual(first.reminder);
			await ctx.reopen();
			const listed = await ctx.store.listReminders(s.firm.id, { clientId: s.client.id });
			expect(listed).toEqual([first.reminder]);
			expect(
				(await ctx.store.listReminderSends(s.firm.id)).map((send) => send.requestId).sort()
			).toEqual(['r1', 'r2']);
		});

		it('writes nothing of the reminder when its record is refused', async () => {
			const s = await setup();
			const refused = ctx.store.addReminder({
				message: message(s.firm.id, 'reminder-digest:x:2026-05-12'),
				reminder: { ...reminder(s, ['r1']), contactUserId: 'nobody' }
			});
			await expect(refused).rejects.toThrow();
			expect(await ctx.store.listOutbox(s.firm.id, 10)).toEqual([]);
			expect(await ctx.store.listReminders(s.firm.id)).toEqual([]);
		});

		it('lists reminders newest first, by client, with their own requests', async () => {
			const s = await setup();
			const other = await ctx.store.createClient({ firmId: s.firm.id, name: 'Bâti Sud' });
			const otherContact = await clientUser(ctx.store, other, 'paul@batisud.fr');
			await ctx.store.addReminder({
				message: message(s.firm.id, 'k1'),
				reminder: reminder(s, ['r1'])
			});
			await ctx.store.addReminder({
				message: message(s.firm.id, 'k2'),
				reminder: { ...reminder(s, ['r2'], 'manual'), at: '2026-05-13T07:00:00.000Z' }
			});
			await ctx.store.addReminder({
				message: message(s.firm.id, 'k3'),
				reminder: {
					...reminder(s, ['r9']),
					clientId: other.id,
					contactUserId: otherContact.id
				}
			});
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
