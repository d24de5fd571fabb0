import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../src/lib/domain/request-templates.ts';
import { type ContractContext, firmWithClient, ISO_INSTANT } from './contract-context.ts';

const AT = '2026-12-01T05:00:00.000Z';
const LATER = '2026-12-02T05:00:00.000Z';

/** Recurring work: templates seeded once per firm, claims once per client and period. */
export function recurringContract(ctx: ContractContext): void {
	describe('recurring work', () => {
		it('seeds a firm’s templates once, in order, and never brings a deleted one back', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const other = await ctx.store.createFirm({ name: 'Autre cabinet' });
			const seeded = await Promise.all([
				ctx.store.seedRequestTemplates(firm.id, DEFAULT_TEMPLATES, AT),
				ctx.store.seedRequestTemplates(firm.id, DEFAULT_TEMPLATES, AT)
			]);
			expect(seeded.filter(Boolean)).toHaveLength(1);
			const templates = await ctx.store.listRequestTemplates(firm.id);
			expect(templates.map((t) => t.name)).toEqual(DEFAULT_TEMPLATES.map((t) => t.name));
			expect(templates[0]!.items).toEqual(DEFAULT_TEMPLATES[0]!.items);
			expect(templates[0]).toMatchObject({ firmId: firm.id, createdAt: AT, updatedAt: AT });
			expect(await ctx.store.listRequestTemplates(other.id)).toEqual([]);

			await ctx.store.deleteRequestTemplate(templates[1]!.id);
			expect(await ctx.store.seedRequestTemplates(firm.id, DEFAULT_TEMPLATES, LATER)).toBe(false);
			const store = await ctx.reopen();
			expect((await store.listRequestTemplates(firm.id)).map((t) => t.name)).not.toContain(
				templates[1]!.name
			);
		});

		it('adds a template last, updates and deletes it', async () => {
			const { firm } = await firmWithClient(ctx.store);
			await ctx.store.seedRequestTemplates(firm.id, DEFAULT_TEMPLATES.slice(0, 2), AT);
			const item = { title: 'Contrat de bail', description: '', dueOffsetDays: -3 };
			const created = await ctx.store.createRequestTemplate(
				firm.id,
				{ name: 'Bail', items: [item] },
				AT
			);
			expect(created).toMatchObject({ firmId: firm.id, name: 'Bail', position: 2 });
			expect(await ctx.store.getRequestTemplate(created.id)).toEqual(created);
			const items = [item, { ...item, title: 'Quittances' }];
			await ctx.store.updateRequestTemplate(created.id, { name: 'Bail commercial', items }, LATER);
			expect(await ctx.store.getRequestTemplate(created.id)).toMatchObject({
				name: 'Bail commercial',
				items,
				createdAt: AT,
				updatedAt: LATER
			});
			await ctx.store.deleteRequestTemplate(created.id);
			expect(await ctx.store.getRequestTemplate(created.id)).toBeNull();
			expect(await ctx.store.listRequestTemplates(firm.id)).toHaveLength(2);
		});

		it('claims a client’s period once, concurrently too, and keeps the first task id', async () => {
			const { firm, client } = await firmWithClient(ctx.store);
			const claim = (taskId: string) =>
				ctx.store.claimRecurringWork({
					firmId: firm.id,
					clientId: client.id,
					periodKey: 'TVA:2026-11',
					taskId,
					at: AT
				});
			const results = await Promise.all([claim('t-1'), claim('t-2'), claim('t-3')]);
			expect(results.filter((r) => r.created)).toHaveLength(1);
			const winner = results.find((r) => r.created)!.work;
			for (const { work } of results) expect(work).toEqual(winner);
			expect(winner).toMatchObject({ firmId: firm.id, doneAt: null, claimedAt: AT });

			await ctx.store.completeRecurringWork(client.id, 'TVA:2026-11', LATER);
			await ctx.store.completeRecurringWork(client.id, 'TVA:2026-11', '2027-01-01T00:00:00Z');
			const store = await ctx.reopen();
			const again = await store.claimRecurringWork({
				firmId: firm.id,
				clientId: client.id,
				periodKey: 'TVA:2026-11',
				taskId: 't-4',
				at: LATER
			});
			expect(again.created).toBe(false);
			expect(again.work).toMatchObject({ taskId: winner.taskId, doneAt: LATER });
			expect((await store.listRecurringWork(firm.id)).map((w) => w.periodKey)).toEqual([
				'TVA:2026-11'
			]);
		});

		it('keeps a client’s own CA3 day, and keeps it when an update leaves it out', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const client = await ctx.store.createClient({
				firmId: firm.id,
				name: 'Dupont Maçonnerie',
				vatRegime: 'mensuel',
				vatDueDay: 24
			});
			expect((await ctx.store.getClient(client.id))!.vatDueDay).toBe(24);
			const fields = {
				name: client.name,
				siren: null,
				closingDate: '12-31',
				vatRegime: 'trimestriel' as const,
				managerId: null
			};
			await ctx.store.updateClient(client.id, fields);
			expect(await ctx.store.getClient(client.id)).toMatchObject({
				vatRegime: 'trimestriel',
				vatDueDay: 24
			});
			await ctx.store.updateClient(client.id, { ...fields, vatDueDay: null });
			expect((await ctx.store.getClient(client.id))!.vatDueDay).toBeNull();
			expect((await ctx.store.listFirms()).map((f) => f.id)).toEqual([firm.id]);
			expect(client.createdAt).toMatch(ISO_INSTANT);
		});
	});
}
