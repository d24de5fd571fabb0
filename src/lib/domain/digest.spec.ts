import { describe, expect, it } from 'vitest';
import { composeDigest, digestKey, OTHER_REQUESTS_TITLE, type DigestInput } from './digest.ts';

const sales = {
	id: 'r1',
	taskId: 't-tva',
	title: 'Factures de ventes',
	status: 'todo',
	dueDate: '2026-05-15'
};

const base: DigestInput = {
	firmName: 'Cabinet Lemaire',
	contact: { id: 'c-sophie', name: 'Sophie Durand', email: 'sophie@alterce.fr' },
	replyTo: { name: 'Claire Martin', email: 'claire@lemaire.fr' },
	signinUrl: 'https://navette.example/connexion/lien/abc',
	signinExpiresAt: '2026-05-19T07:00:00.000Z',
	today: '2026-05-12',
	taskTitles: new Map([
		['t-tva', 'TVA avril 2026'],
		['t-bilan', 'Bilan 2025']
	]),
	requests: [
		{
			id: 'r1',
			taskId: 't-tva',
			title: 'Factures de ventes',
			status: 'todo',
			dueDate: '2026-05-15'
		},
		{
			id: 'r2',
			taskId: 't-bilan',
			title: 'Relevés bancaires',
			status: 'in_progress',
			dueDate: null
		},
		{ id: 'r3', taskId: 't-bilan', title: 'Inventaire', status: 'todo', dueDate: '2026-05-11' },
		{ id: 'r4', taskId: 't-tva', title: 'Factures d’achats', status: 'todo', dueDate: '2026-05-12' }
	]
};

describe('composeDigest', () => {
	it('groups by task in title order, requests by due date with the undated last', () => {
		const digest = composeDigest(base)!;
		expect(digest.groups.map((g) => [g.taskTitle, g.items.map((i) => i.id)])).toEqual([
			['Bilan 2025', ['r3', 'r2']],
			['TVA avril 2026', ['r4', 'r1']]
		]);
		expect(digest.requestIds).toEqual(['r3', 'r2', 'r4', 'r1']);
		expect(digest.requestCount).toBe(4);
	});

	it('marks late only what was due before today, and writes due dates the French way', () => {
		const items = composeDigest(base)!.groups.flatMap((g) => g.items);
		expect(items.map((i) => [i.id, i.dueDateLabel, i.late])).toEqual([
			['r3', '11/05/2026', true],
			['r2', null, false],
			['r4', '12/05/2026', false],
			['r1', '15/05/2026', false]
		]);
		expect(composeDigest(base)!.lateCount).toBe(1);
	});

	it('carries who signs, who gets the reply, the link and the key', () => {
		const digest = composeDigest(base)!;
		expect(digest).toMatchObject({
			firmName: 'Cabinet Lemaire',
			replyTo: { email: 'claire@lemaire.fr' },
			signinUrl: 'https://navette.example/connexion/lien/abc',
			key: 'reminder-digest:c-sophie:2026-05-12',
			date: '2026-05-12'
		});
	});

	it('leaves out requests no longer awaiting the client, and yields nothing when none is left', () => {
		const closed = base.requests.map((r) => ({ ...r, status: r.id === 'r2' ? 'todo' : 'done' }));
		expect(composeDigest({ ...base, requests: closed })!.requestIds).toEqual(['r2']);
		const allClosed = base.requests.map((r) => ({ ...r, status: 'done' }));
		expect(composeDigest({ ...base, requests: allClosed })).toBeNull();
		expect(composeDigest({ ...base, requests: [] })).toBeNull();
	});

	it('lists the requests of an unknown task under « Autres demandes »', () => {
		const orphan = { ...sales, taskId: 't-gone' };
		expect(composeDigest({ ...base, requests: [orphan] })!.groups[0]?.taskTitle).toBe(
			OTHER_REQUESTS_TITLE
		);
	});
});

describe('digestKey', () => {
	it('is one key per contact and Paris day', () => {
		expect(digestKey('c-1', '2026-05-12')).toBe(digestKey('c-1', '2026-05-12'));
		expect(digestKey('c-1', '2026-05-12')).not.toBe(digestKey('c-1', '2026-05-13'));
		expect(digestKey('c-1', '2026-05-12')).not.toBe(digestKey('c-2', '2026-05-12'));
	});
});
