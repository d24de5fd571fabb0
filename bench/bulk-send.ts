import * as Y from 'yjs';
import { initRequestsDocument, initTasksDocument } from '../src/lib/doc/schema.ts';
import { transmitRequest } from '../src/lib/doc/requests.ts';
import { createTask } from '../src/lib/doc/tasks.ts';
import { bulkRequests, type BulkContent } from '../src/lib/domain/bulk-send.ts';
import { DEFAULT_TEMPLATES } from '../src/lib/domain/request-templates.ts';
import { importClients } from '../src/lib/server/admin/clients.ts';
import { toSessionUser } from '../src/lib/server/auth/sessions.ts';
import { sendToClients } from '../src/lib/server/bulk/send.ts';
import { DEMO_ACCOUNTS } from '../server/seed.ts';
import { startNavette } from '../tests/helpers/navette.ts';

/**
 * Issue 15's « Envoyer un modèle » to many clients: the service as `/api/bulk-send` runs it, in a
 * real Navette (SQLite store, Hocuspocus, persistence, the overview mirroring each client), each
 * client's requests stored before it counts. The baseline runs the same document commands in a
 * plain loop on bare Yjs documents (no server, nothing stored).
 */
const CLIENTS = [500];
const TEMPLATE = DEFAULT_TEMPLATES.find((t) => t.name === 'TVA')!;
const TASK = { title: 'TVA 11/2026', category: 'TVA', period: '2026-11', dueDate: '2026-12-21' };

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** Highest RSS seen while `work` runs, sampled every 20 ms. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
	try {
		const value = await work();
		return { value, peak: Math.max(peak, process.memoryUsage().rss) };
	} finally {
		clearInterval(timer);
	}
}

function plainLoop(clients: number): number {
	const actor = { id: 'u_claire', name: 'Claire Martin' };
	const content: BulkContent = { kind: 'template', template: TEMPLATE, unticked: [] };
	const started = performance.now();
	const tasksDoc = new Y.Doc();
	initTasksDocument(tasksDoc);
	const ids: string[] = [];
	tasksDoc.transact(() => {
		for (let i = 0; i < clients; i++) {
			const task = createTask(
				tasksDoc,
				{ ...TASK, clientId: `c${i}`, assigneeId: 'u_paul' },
				actor
			);
			ids.push(task.id);
		}
	});
	for (let i = 0; i < clients; i++) {
		const doc = new Y.Doc();
		initRequestsDocument(doc);
		const task = { id: ids[i]!, dueDate: TASK.dueDate, period: TASK.period };
		doc.transact(() => {
			for (const { input } of bulkRequests(content, task)) transmitRequest(doc, input, actor);
		});
		Y.encodeStateAsUpdate(doc);
	}
	return performance.now() - started;
}

export async function run(): Promise<void> {
	console.log(
		'\n== Bulk send (a template to many clients, stored; baseline: a plain loop of the same commands) =='
	);
	const navette = await startNavette();
	try {
		const { runtime, store } = navette.navette;
		const claire = toSessionUser((await store.getUserByEmail(DEMO_ACCOUNTS.claire))!, 'bench');
		let offset = 0;
		for (const count of CLIENTS) {
			const lines = ['Raison sociale;Régime de TVA;Collaborateur'];
			for (let i = 0; i < count; i++) lines.push(`Bench ${offset + i} SARL;Mensuel;Paul Durand`);
			offset += count;
			const { created } = await importClients(
				runtime,
				claire,
				new TextEncoder().encode(lines.join('\r\n'))
			);
			const baseline = plainLoop(count);
			const before = process.memoryUsage().rss;
			const started = performance.now();
			const cpu = process.cpuUsage();
			const { value: result, peak } = await peakRss(() =>
				sendToClients(runtime, claire, {
					batchId: `bench-${count}-${Date.now()}`,
					clientIds: created.map((c) => c.id),
					task: TASK,
					kind: 'template',
					template: TEMPLATE.name
				})
			);
			const ms = performance.now() - started;
			const used = process.cpuUsage(cpu);
			const cpuMs = (used.user + used.system) / 1000;
			if (!result.ok || result.summary.clientsDone !== count) {
				throw new Error(`bulk send: ${JSON.stringify(result)}`);
			}
			const retryStart = performance.now();
			await sendToClients(runtime, claire, {
				batchId: result.summary.batchId,
				clientIds: created.map((c) => c.id),
				task: TASK,
				kind: 'template',
				template: TEMPLATE.name
			});
			const retryMs = performance.now() - retryStart;
			console.log(
				`${count} clients × ${TEMPLATE.items.length} requests: Navette ${ms.toFixed(0)} ms ` +
					`(${((count / ms) * 1000).toFixed(0)} clients/s, CPU ${cpuMs.toFixed(0)} ms; RSS ${mib(before)} → peak ${mib(peak)} MiB) · ` +
					`plain loop ${baseline.toFixed(0)} ms · ratio ${(ms / baseline).toFixed(1)}× · ` +
					`retry of the same batch ${retryMs.toFixed(0)} ms (nothing created)`
			);
		}
	} finally {
		await navette.close();
	}
}

if (import.meta.main) await run();
