import { describe, expect, it } from 'vitest';
import type { NewRequestEvent } from '../../src/lib/server/store/Store.ts';
import {
	clientUser,
	type ContractContext,
	firmWithClient,
	ISO_INSTANT,
	staffUser,
	UUID
} from './contract-context.ts';

/** Request events (timelines, « Nouveautés ») and who read them. */
export function activityContract(ctx: ContractContext): void {
	async function place() {
		const { firm, client } = await firmWithClient(ctx.store);
		const sophie = await clientUser(ctx.store, client, 'sophie.leroy@alterce.fr');
		const paul = await staffUser(ctx.store, firm.id, 'paul.durand@cabinet-martin.fr', 'Paul');
		const event = (overrides: Partial<NewRequestEvent> = {}): NewRequestEvent => ({
			firmId: firm.id,
			clientId: client.id,
			requestId: 'request-1',
			taskId: 'task-1',
			actor: { id: sophie.id, name: 'Sophie Leroy', role: 'client' },
			kind: 'status',
			detail: { from: 'todo', to: 'done' },
			...overrides
		});
		return { firm, client, sophie, paul, event };
	}

	describe('request events', () => {
		it('stores events with an id, a rising seq and a time, and lists them newest first', async () => {
			const { firm, event } = await place();
			const stored = await ctx.store.appendRequestEvents([
				event(),
				event({ kind: 'comment', detail: { body: 'Voici « le relevé »', n: 1 } }),
				event({ kind: 'reminded', actor: { id: null, name: 'Navette', role: 'system' } })
			]);
			expect(stored).toHaveLength(3);
			expect(stored[0]!.id).toMatch(UUID);
			expect(stored[0]!.at).toMatch(ISO_INSTANT);
			expect(stored[1]!.seq).toBeGreaterThan(stored[0]!.seq);
			expect(stored[2]!.seq).toBeGreaterThan(stored[1]!.seq);
			const listed = await ctx.store.listRequestEvents({ firmId: firm.id }, 10);
			expect(listed).toEqual([...stored].reverse());
			expect(listed[1]!.detail).toEqual({ body: 'Voici « le relevé »', n: 1 });
			expect(listed[0]!.actor).toEqual({ id: null, name: 'Navette', role: 'system' });
			expect(await ctx.store.listRequestEvents({ firmId: firm.id }, 2)).toHaveLength(2);
		});

		it('keeps a given id and time as an instant', async () => {
			const { firm, event } = await place();
			const [stored] = await ctx.store.appendRequestEvents([
				event({ id: 'event-1', at: '2026-04-02T10:00:00+02:00' })
			]);
			expect(stored).toMatchObject({ id: 'event-1', at: '2026-04-02T08:00:00.000Z' });
			expect((await ctx.store.listRequestEvents({ firmId: firm.id }, 1))[0]).toEqual(stored);
		});

		it('records a first view once per request and actor, whoever races', async () => {
			const { firm, sophie, event } = await place();
			const opened = event({ kind: 'opened', detail: {} });
			const [a, b] = await Promise.all([
				ctx.store.appendRequestEvents([opened, event({ kind: 'opened', requestId: 'request-2' })]),
				ctx.store.appendRequestEvents([opened])
			]);
			expect(a!.length + b!.length).toBe(2);
			expect(await ctx.store.appendRequestEvents([opened])).toEqual([]);
			const views = await ctx.store.listRequestEvents(
				{ firmId: firm.id, actorId: sophie.id, kinds: ['opened'] },
				10
			);
			expect(views.map((e) => e.requestId).sort()).toEqual(['request-1', 'request-2']);
			// Other kinds repeat freely.
			expect(await ctx.store.appendRequestEvents([event(), event()])).toHaveLength(2);
		});

		it('stores a long batch in its order, each id and each first view once within it', async () => {
			const { firm, event } = await place();
			const many = Array.from({ length: 120 }, (_, n) => event({ id: `e-${n}` }));
			const opened = event({ id: 'first-view', kind: 'opened', detail: {} });
			const stored = await ctx.store.appendRequestEvents([
				...many,
				event({ id: 'e-7' }),
				opened,
				{ ...opened, id: 'another-view' }
			]);
			expect(stored.map((e) => e.id)).toEqual([...many.map((e) => e.id), 'first-view']);
			const seqs = stored.map((e) => e.seq);
			expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
			expect(new Set(seqs).size).toBe(seqs.length);
			expect(await ctx.store.countRequestEvents({ firmId: firm.id })).toBe(121);
		});

		it('filters by client, request, tasks, actor role and kinds; an empty list matches none', async () => {
			const { firm, client, paul, event } = await place();
			const other = await ctx.store.createClient({ firmId: firm.id, name: 'Dupont' });
			await ctx.store.appendRequestEvents([
				event(),
				event({ requestId: 'request-2', taskId: 'task-2', kind: 'comment' }),
				event({ actor: { id: paul.id, name: 'Paul', role: 'collaborator' }, kind: 'edited' }),
				event({ clientId: other.id, requestId: 'request-9', kind: 'opened' })
			]);
			const kinds = async (query: Partial<Parameters<typeof ctx.store.listRequestEvents>[0]>) =>
				(await ctx.store.listRequestEvents({ firmId: firm.id, ...query }, 10))
					.map((e) => e.kind)
					.sort();
			expect(await kinds({ clientId: client.id })).toEqual(['comment', 'edited', 'status']);
			expect(await kinds({ requestId: 'request-1' })).toEqual(['edited', 'status']);
			expect(await kinds({ taskIds: ['task-2', 'task-x'] })).toEqual(['comment']);
			expect(await kinds({ taskIds: [] })).toEqual([]);
			expect(await kinds({ actorRole: 'client' })).toEqual(['comment', 'opened', 'status']);
			expect(await kinds({ kinds: ['opened', 'edited'] })).toEqual(['edited', 'opened']);
			expect(await kinds({ kinds: [] })).toEqual([]);
			expect(await kinds({ excludeKinds: ['opened', 'status'] })).toEqual(['comment', 'edited']);
			expect(await ctx.store.countRequestEvents({ firmId: firm.id, actorRole: 'client' })).toBe(3);
			expect(await ctx.store.countRequestEvents({ firmId: firm.id, taskIds: [] })).toBe(0);
			const elsewhere = await firmWithClient(ctx.store, { firm: 'Autre cabinet' });
			expect(await kinds({ firmId: elsewhere.firm.id })).toEqual([]);
		});

		it('pages newest first with beforeSeq', async () => {
			const { firm, event } = await place();
			const stored = await ctx.store.appendRequestEvents([event(), event(), event()]);
			const page = await ctx.store.listRequestEvents(
				{ firmId: firm.id, beforeSeq: stored[2]!.seq },
				10
			);
			expect(page.map((e) => e.id)).toEqual([stored[1]!.id, stored[0]!.id]);
		});

		it('marks events read per user, only the firm’s, and counts what is left', async () => {
			const { firm, paul, event } = await place();
			const claire = await staffUser(ctx.store, firm.id, 'claire.martin@cabinet-martin.fr');
			const [a, b, c] = await ctx.store.appendRequestEvents([event(), event(), event()]);
			const elsewhere = await firmWithClient(ctx.store, { firm: 'Autre cabinet' });
			const [foreign] = await ctx.store.appendRequestEvents([
				event({ firmId: elsewhere.firm.id, clientId: elsewhere.client.id, actor: a!.actor })
			]);
			expect(await ctx.store.markEventsRead(paul.id, firm.id, [a!.id, foreign!.id, 'nope'])).toBe(
				1
			);
			expect(await ctx.store.markEventsRead(paul.id, firm.id, [a!.id, b!.id])).toBe(1);
			expect(await ctx.store.markEventsRead(paul.id, firm.id, [])).toBe(0);
			expect(
				(await ctx.store.readEventIds(paul.id, [a!.id, b!.id, c!.id, foreign!.id])).sort()
			).toEqual([a!.id, b!.id].sort());
			expect(await ctx.store.readEventIds(claire.id, [a!.id])).toEqual([]);
			const unread = await ctx.store.listRequestEvents({ firmId: firm.id, unreadBy: paul.id }, 10);
			expect(unread.map((e) => e.id)).toEqual([c!.id]);
			expect(await ctx.store.countRequestEvents({ firmId: firm.id, unreadBy: claire.id })).toBe(3);
		});

		it('keeps events and reads across a reopen', async () => {
			const { firm, paul, event } = await place();
			const [a] = await ctx.store.appendRequestEvents([event()]);
			await ctx.store.markEventsRead(paul.id, firm.id, [a!.id]);
			const store = await ctx.reopen();
			expect(await store.listRequestEvents({ firmId: firm.id }, 10)).toEqual([a]);
			expect(await store.readEventIds(paul.id, [a!.id])).toEqual([a!.id]);
		});
	});
}
