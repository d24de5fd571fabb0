import { createHash } from 'node:crypto';
import { readRequest, transmitRequest } from '../../doc/requests.ts';
import { createTask, readTask, readTasks } from '../../doc/tasks.ts';
import {
	bulkRequests,
	planBulkSend,
	validateBulkSend,
	type BulkSend,
	type ClientPlan,
	type SkipReason
} from '../../domain/bulk-send.ts';
import { requestsDocName, tasksDocName } from '../../domain/doc-names.ts';
import type { Task } from '../../domain/task.ts';
import { staffOnly } from '../access.ts';
import { activeStaff } from '../admin/clients.ts';
import { audit } from '../audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import { firmTemplates } from '../recurring/templates.ts';

/** Progress of a submission: clients whose requests are written, out of those planned. */
export interface BulkProgress {
	done: number;
	total: number;
}

/** What a submission did, for the page's summary. */
export interface BulkSummary {
	batchId: string;
	tasksCreated: number;
	tasksReused: number;
	requestsTransmitted: number;
	/** Requests a previous attempt of this very batch had already transmitted (a retry). */
	requestsAlreadySent: number;
	clientsDone: number;
	skipped: { clientId: string; name: string; reason: SkipReason }[];
	/** Clients whose requests could not be written; sending the same batch again completes them. */
	failed: { clientId: string; name: string }[];
	ms: number;
}

export type BulkResult =
	{ ok: true; summary: BulkSummary } | { ok: false; errors: Record<string, string> };

/** Requests documents written at once: enough to overlap the store's writes, few enough to share. */
const CONCURRENCY = 8;

/**
 * Sends one request or one template to many clients of the sender's firm (« Clients », « Envoyer
 * une demande » / « Envoyer un modèle »). The task creations are one transaction of the tasks
 * document; then each client's requests document gets its requests in one change, several
 * clients at a time, `onProgress` called after each. Every change goes through
 * `runtime.documents.change`, so browsers see it live and it is stored before it counts.
 *
 * Idempotent per `batchId`: new tasks and requests get ids derived from the batch, the client and
 * the item, so a retried submission (a lost answer, a reload) finds its tasks by title and period
 * and its requests by id, and creates nothing twice. Audited as `bulk.send` (target the batch,
 * detail the counts) when it created something.
 */
export async function sendToClients(
	rt: Pick<Runtime, 'store' | 'documents'>,
	by: SessionUser | null,
	input: unknown,
	onProgress: (progress: BulkProgress) => void = () => {}
): Promise<BulkResult> {
	const user = staffOnly(by);
	const started = performance.now();
	const valid = validateBulkSend(input, await firmTemplates(rt.store, user.firmId));
	if (!valid.ok) return valid;
	const send = valid.value;
	const [clients, users] = await Promise.all([
		rt.store.listClients(user.firmId),
		rt.store.listUsers(user.firmId)
	]);
	const staff = new Set(activeStaff(users).map((u) => u.id));

	const planned = await rt.documents.change(tasksDocName(user.firmId), (doc) => {
		const plan = planBulkSend(send, clients, readTasks(doc), user.id, staff);
		let created = 0;
		const targets = plan.plans.map(({ client, ...share }): { plan: ClientPlan; task: Task } => {
			if (share.kind === 'existing') return { plan: { client, ...share }, task: share.task };
			const id = stableId(user.firmId, send.batchId, client.id);
			// Renamed since the first attempt of this batch: still the batch's task.
			const already = readTask(doc, id);
			if (already) return { plan: { client, kind: 'existing', task: already }, task: already };
			created++;
			const task = createTask(doc, share.task, user, { id });
			return { plan: { client, ...share }, task };
		});
		return { skipped: plan.skipped, targets, created };
	});

	const summary: BulkSummary = {
		batchId: send.batchId,
		tasksCreated: planned.created,
		tasksReused: planned.targets.length - planned.created,
		requestsTransmitted: 0,
		requestsAlreadySent: 0,
		clientsDone: 0,
		skipped: planned.skipped,
		failed: [],
		ms: 0
	};
	const total = planned.targets.length;
	onProgress({ done: 0, total });
	let next = 0;
	const worker = async () => {
		while (next < total) {
			const { plan, task } = planned.targets[next++]!;
			try {
				const counts = await sendToClient(rt, user, send, plan, task);
				summary.requestsTransmitted += counts.transmitted;
				summary.requestsAlreadySent += counts.already;
				summary.clientsDone++;
			} catch (error) {
				console.error(`Bulk send ${send.batchId}: client ${plan.client.id}`, error);
				summary.failed.push({ clientId: plan.client.id, name: plan.client.name });
			}
			onProgress({ done: summary.clientsDone + summary.failed.length, total });
		}
	};
	await Promise.all(Array.from({ length: Math.min(CONCURRENCY, total) }, worker));
	summary.ms = Math.round(performance.now() - started);
	if (summary.tasksCreated > 0 || summary.requestsTransmitted > 0) {
		const detail = `${summary.clientsDone} clients, ${summary.tasksCreated} tâches, ${summary.requestsTransmitted} demandes`;
		await audit(rt.store, user, 'bulk.send', send.batchId, detail);
	}
	return { ok: true, summary };
}

/** One client's requests, in one change of its document; those already there are left alone. */
async function sendToClient(
	rt: Pick<Runtime, 'documents'>,
	user: SessionUser,
	send: BulkSend,
	plan: ClientPlan,
	task: Task
): Promise<{ transmitted: number; already: number }> {
	const name = requestsDocName(user.firmId, plan.client.id);
	return rt.documents.change(name, (doc) => {
		const counts = { transmitted: 0, already: 0 };
		for (const { index, input } of bulkRequests(send.content, task)) {
			const id = stableId(user.firmId, send.batchId, plan.client.id, String(index));
			if (readRequest(doc, id)) {
				counts.already++;
				continue;
			}
			transmitRequest(doc, input, user, { id });
			counts.transmitted++;
		}
		return counts;
	});
}

/**
 * The id of what a batch creates for a client (its task, or its request `index`): the same on
 * every attempt of that batch, and unguessable from another batch. 22 base64url characters
 * (132 bits) pass `isId`.
 */
export function stableId(...parts: string[]): string {
	return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 22);
}
