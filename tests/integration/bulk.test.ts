import { describe, expect } from 'vitest';
import { readRequests } from '../../src/lib/doc/requests.ts';
import { readTasks } from '../../src/lib/doc/tasks.ts';
import { requestsDocName, tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { DEFAULT_TEMPLATES } from '../../src/lib/domain/request-templates.ts';
import { importClients } from '../../src/lib/server/admin/clients.ts';
import { toSessionUser, type SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { sendToClients, type BulkProgress } from '../../src/lib/server/bulk/send.ts';
import type { Client } from '../../src/lib/server/store/Store.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { test } from '../helpers/fixtures.ts';
import type { TestNavette } from '../helpers/navette.ts';

/**
 * « Envoyer à plusieurs clients » against a real Navette (store, Hocuspocus, persistence,
 * overview): the service as the `/api/bulk-send` route calls it.
 */
const TVA = DEFAULT_TEMPLATES.find((t) => t.name === 'TVA')!;

async function staff(navette: TestNavette, email: string): Promise<SessionUser> {
	const user = await navette.navette.store.getUserByEmail(email);
	return toSessionUser(user!, 'test-session');
}

/** `count` clients imported as the CSV import does (each with its stored requests document). */
async function importMany(navette: TestNavette, by: SessionUser, count: number, prefix: string) {
	const lines = ['Raison sociale;Régime de TVA;Collaborateur'];
	for (let i = 1; i <= count; i++) lines.push(`${prefix} ${i};Mensuel;Paul Durand`);
	const bytes = new TextEncoder().encode(lines.join('\r\n'));
	const { created } = await importClients(navette.navette.runtime, by, bytes);
	expect(created).toHaveLength(count);
	return created;
}

function submission(batchId: string, clients: Client[], unticked: number[] = []) {
	return {
		batchId,
		clientIds: clients.map((c) => c.id),
		task: { title: 'TVA 11/2026', category: 'TVA', period: '2026-11', dueDate: '2026-12-21' },
		kind: 'template',
		template: 'TVA',
		unticked
	};
}

describe('sending a template to many clients', () => {
	test('50 clients: one task each, the requests in each requests document, a retry creates nothing', async ({
		startNavette
	}) => {
		const navette = await startNavette();
		const { runtime } = navette.navette;
		const claire = await staff(navette, DEMO_ACCOUNTS.claire);
		const paul = await staff(navette, DEMO_ACCOUNTS.paul);
		const clients = await importMany(navette, claire, 50, 'Boulangerie');
		const progress: BulkProgress[] = [];

		const first = await sendToClients(runtime, claire, submission('batch-a', clients, [1]), (p) =>
			progress.push(p)
		);
		expect(first.ok && first.summary).toMatchObject({
			tasksCreated: 50,
			tasksReused: 0,
			requestsTransmitted: 50 * (TVA.items.length - 1),
			requestsAlreadySent: 0,
			clientsDone: 50,
			skipped: [],
			failed: []
		});
		expect(progress[0]).toEqual({ done: 0, total: 50 });
		expect(progress.at(-1)).toEqual({ done: 50, total: 50 });

		const tasks = await runtime.documents.read(tasksDocName(claire.firmId), readTasks);
		// The demo firm's recurring rules gave Alter Ce its own « TVA 11/2026 »: only the lot's count.
		const lot = new Set(clients.map((c) => c.id));
		const sent = tasks.filter((t) => t.title === 'TVA 11/2026' && lot.has(t.clientId));
		expect(sent).toHaveLength(50);
		// Each assigned to the client's collaborator in charge (Paul, from the import).
		expect(new Set(sent.map((t) => t.assigneeId))).toEqual(new Set([paul.id]));
		for (const client of clients) {
			const task = sent.find((t) => t.clientId === client.id)!;
			expect(task).toMatchObject({ category: 'TVA', period: '2026-11', dueDate: '2026-12-21' });
			const requests = await runtime.documents.read(
				requestsDocName(claire.firmId, client.id),
				readRequests
			);
			expect(requests.map((r) => r.title).sort()).toEqual(
				TVA.items
					.filter((_, i) => i !== 1)
					.map((item) => item.title.replace('{période}', 'novembre 2026'))
					.sort()
			);
			expect(requests.every((r) => r.taskId === task.id && r.status === 'todo')).toBe(true);
		}

		// The same batch again (a lost answer, a reload): nothing new anywhere.
		const retry = await sendToClients(runtime, claire, submission('batch-a', clients, [1]));
		expect(retry.ok && retry.summary).toMatchObject({
			tasksCreated: 0,
			tasksReused: 50,
			requestsTransmitted: 0,
			requestsAlreadySent: 50 * (TVA.items.length - 1)
		});
		const after = await runtime.documents.read(tasksDocName(claire.firmId), readTasks);
		expect(after).toHaveLength(tasks.length);
		const one = await runtime.documents.read(
			requestsDocName(claire.firmId, clients[0]!.id),
			readRequests
		);
		expect(one).toHaveLength(TVA.items.length - 1);
		const audits = (await navette.navette.store.listAudit(claire.firmId, 50)).filter(
			(e) => e.action === 'bulk.send'
		);
		expect(audits).toHaveLength(1);
		expect(audits[0]).toMatchObject({ userId: claire.id, target: 'batch-a' });
	});

	test('a new batch reuses the task of the same title and period; archived clients are skipped', async ({
		startNavette
	}) => {
		const navette = await startNavette();
		const { runtime, store } = navette.navette;
		const claire = await staff(navette, DEMO_ACCOUNTS.claire);
		const clients = await importMany(navette, claire, 3, 'Garage');
		await sendToClients(runtime, claire, submission('batch-1', clients.slice(0, 2)));
		await store.setClientArchived(clients[1]!.id, true);

		const second = await sendToClients(runtime, claire, {
			batchId: 'batch-2',
			clientIds: clients.map((c) => c.id),
			task: { title: 'TVA 11/2026', period: '2026-11', category: 'TVA' },
			kind: 'request',
			request: { title: 'Relevé du compte épargne', description: '', dueDate: '2026-12-15' }
		});
		expect(second.ok && second.summary).toMatchObject({
			tasksCreated: 1,
			tasksReused: 1,
			requestsTransmitted: 2,
			skipped: [{ clientId: clients[1]!.id, name: 'Garage 2', reason: 'archived' }]
		});
		const first = await runtime.documents.read(
			requestsDocName(claire.firmId, clients[0]!.id),
			readRequests
		);
		expect(first).toHaveLength(TVA.items.length + 1);
		expect(new Set(first.map((r) => r.taskId)).size).toBe(1);
	});

	test('refuses client users and bad submissions, writing nothing', async ({ startNavette }) => {
		const navette = await startNavette();
		const { runtime } = navette.navette;
		const sophie = await staff(navette, DEMO_ACCOUNTS.sophie);
		const claire = await staff(navette, DEMO_ACCOUNTS.claire);
		await expect(
			sendToClients(runtime, sophie, submission('b', [{ id: sophie.clientId! } as Client]))
		).rejects.toMatchObject({ status: 403 });
		await expect(sendToClients(runtime, null, {})).rejects.toMatchObject({ status: 403 });
		const invalid = await sendToClients(runtime, claire, { ...submission('b', []), template: 'X' });
		expect(invalid.ok ? {} : invalid.errors).toMatchObject({
			clients: 'Sélectionnez au moins un client.',
			template: 'Choisissez un modèle.'
		});
	});
});
