import { describe, expect } from 'vitest';
import type { Store } from '../../src/lib/server/store/Store.ts';
import { it, type TestSchema } from '../helpers/fixtures.ts';
import { firmWithClient } from './contract-context.ts';

/**
 * Claims from two stores on one schema: two instances of one deployment. Each drains the table
 * with several claims at once until nothing is left; every row must have gone to exactly one.
 */
describe('PostgreSQL claims across instances', () => {
	/** Two stores (pools of 4) on the test's schema, opened one after the other. */
	async function twoInstances({ open }: TestSchema): Promise<[Store, Store]> {
		const first = await open();
		return [first, await open()];
	}

	const NOW = '2026-05-12T07:00:00.000Z';
	const LEASE = '2026-05-12T07:10:00.000Z';

	/** Claims with `parallel` loops per store until a claim comes back empty; what each got. */
	async function drain<T extends { id: string }>(
		stores: Store[],
		claim: (store: Store, owner: string) => Promise<T[]>,
		parallel = 3
	): Promise<Map<string, string[]>> {
		const got = new Map<string, string[]>();
		const loops = stores.flatMap((store, s) =>
			Array.from({ length: parallel }, async (_, p) => {
				const owner = `instance-${s}/${p}`;
				for (;;) {
					const batch = await claim(store, owner);
					if (batch.length === 0) return;
					for (const row of batch) got.set(row.id, [...(got.get(row.id) ?? []), owner]);
				}
			})
		);
		await Promise.all(loops);
		return got;
	}

	it('gives each due job to exactly one instance', async ({ pgSchema }) => {
		const [a, b] = await twoInstances(pgSchema);
		for (let i = 0; i < 200; i++) {
			await (i % 2 ? a : b).enqueueJob({ key: `reminder:${i}`, kind: 'reminder', runAt: NOW });
		}
		const got = await drain([a, b], (store, owner) =>
			store.claimJobs({ owner, now: NOW, lockedUntil: LEASE, kinds: ['reminder'], limit: 7 })
		);
		expect(got.size).toBe(200);
		expect([...got.values()].filter((owners) => owners.length !== 1)).toEqual([]);
		// Both instances took part (they claim in parallel, not one after the other).
		const instances = new Set([...got.values()].map(([owner]) => owner!.split('/')[0]));
		expect(instances).toEqual(new Set(['instance-0', 'instance-1']));
	});

	it('gives each due message to exactly one instance', async ({ pgSchema }) => {
		const [a, b] = await twoInstances(pgSchema);
		const { firm } = await firmWithClient(a);
		for (let i = 0; i < 120; i++) {
			await a.addOutboxMessage({
				firmId: firm.id,
				idempotencyKey: `m${i}`,
				kind: 'reminder',
				to: { name: 'Sophie', address: 'sophie@alter-ce.fr' },
				subject: 'Documents attendus',
				text: 'Bonjour',
				html: '<p>Bonjour</p>',
				state: 'pending',
				sendAt: NOW
			});
		}
		const got = await drain([a, b], (store, owner) =>
			store.claimOutbox({ owner, now: NOW, lockedUntil: LEASE, limit: 5 })
		);
		expect(got.size).toBe(120);
		expect([...got.values()].filter((owners) => owners.length !== 1)).toEqual([]);
	});

	it('makes one job of a key enqueued by both instances at once', async ({ pgSchema }) => {
		const [a, b] = await twoInstances(pgSchema);
		const results = await Promise.all(
			Array.from({ length: 10 }, (_, i) =>
				(i % 2 ? a : b).enqueueJob({ key: 'purge-expired', kind: 'purge', runAt: NOW })
			)
		);
		expect(results.filter((r) => r.created)).toHaveLength(1);
		expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
	});
});
