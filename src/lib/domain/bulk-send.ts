import { isId } from './ids.ts';
import { DESCRIPTION_MAX, type RequestInput } from './request.ts';
import { templateRequests, type RequestTemplate } from './request-templates.ts';
import {
	checkDueDate,
	checkTitle,
	isCategory,
	type Category,
	type Task,
	type TaskInput
} from './task.ts';
import { checkOptional, isPeriod, isRecord, textLength, type Validation } from './validation.ts';

/**
 * « Envoyer à plusieurs clients »: one request or one template sent to many clients, each into a
 * new task or into the client's existing task of the same title and period. Pure: validating the
 * form, deciding which client gets which task, and the requests each receives. The server's
 * service (`src/lib/server/bulk/`) writes the plan into the documents.
 */

/** At most this many clients per submission (the firm's list, a page's « Tout sélectionner »). */
export const BULK_CLIENTS_MAX = 2000;

/** The task each selected client's requests go into. */
export interface BulkTaskSpec {
	title: string;
	category: Category | null;
	period: string | null;
	dueDate: string | null;
}

/** What is sent: one request, or the ticked items of a template. */
export type BulkContent =
	| { kind: 'request'; title: string; description: string; dueDate: string | null }
	| { kind: 'template'; template: RequestTemplate; unticked: number[] };

/** A validated submission. `batchId` makes a retried submission a no-op. */
export interface BulkSend {
	batchId: string;
	clientIds: string[];
	task: BulkTaskSpec;
	content: BulkContent;
}

/** What the plan needs of a client (the store's record fits). */
export interface BulkClient {
	id: string;
	name: string;
	managerId: string | null;
	archivedAt: string | null;
}

export type SkipReason = 'archived' | 'unknown';

export const SKIP_REASON_LABELS: Readonly<Record<SkipReason, string>> = Object.freeze({
	archived: 'client archivé',
	unknown: 'client introuvable'
});

/** One client's share of the plan: a task to create, or the existing task to reuse. */
export type ClientPlan =
	| { client: BulkClient; kind: 'new'; task: TaskInput }
	| { client: BulkClient; kind: 'existing'; task: Task };

export interface BulkPlan {
	plans: ClientPlan[];
	skipped: { clientId: string; name: string; reason: SkipReason }[];
}

/**
 * Validates the form the « Clients » page posts, with one French message per field (`task.title`,
 * `request.title`, `template`, `clients`…). The template is looked up among `templates` (the
 * firm's) by id, or by name for a script that knows only that, so that a forged submission cannot
 * smuggle in items of its own.
 */
export function validateBulkSend(
	input: unknown,
	templates: readonly (RequestTemplate & { id?: string })[]
): Validation<BulkSend> {
	if (!isRecord(input)) return { ok: false, errors: { form: 'Données invalides.' } };
	const errors: Record<string, string> = {};
	const batchId = isId(input.batchId) ? input.batchId : null;
	if (!batchId) errors.form = 'Envoi invalide : rechargez la page.';
	const clientIds = Array.isArray(input.clientIds)
		? [...new Set(input.clientIds.filter(isId))]
		: [];
	if (clientIds.length === 0) errors.clients = 'Sélectionnez au moins un client.';
	if (clientIds.length > BULK_CLIENTS_MAX) {
		errors.clients = `Au plus ${BULK_CLIENTS_MAX} clients par envoi.`;
	}
	const task = checkTaskSpec(isRecord(input.task) ? input.task : {}, errors);
	const content = checkContent(input, templates, errors);
	if (Object.keys(errors).length > 0 || !batchId || !task || !content) return { ok: false, errors };
	return { ok: true, value: { batchId, clientIds, task, content } };
}

function checkTaskSpec(raw: Record<string, unknown>, errors: Record<string, string>) {
	const title = checkTitle(raw.title);
	const category = checkOptional(raw.category, isCategory, 'Catégorie invalide.');
	const period = checkOptional(raw.period, isPeriod, 'Période invalide (AAAA-MM ou AAAA).');
	const dueDate = checkDueDate(raw.dueDate);
	if (!title.ok) errors['task.title'] = title.error;
	if (!category.ok) errors['task.category'] = category.error;
	if (!period.ok) errors['task.period'] = period.error;
	if (!dueDate.ok) errors['task.dueDate'] = dueDate.error;
	if (!title.ok || !category.ok || !period.ok || !dueDate.ok) return null;
	return {
		title: title.value,
		category: category.value,
		period: period.value,
		dueDate: dueDate.value
	};
}

function checkContent(
	input: Record<string, unknown>,
	templates: readonly (RequestTemplate & { id?: string })[],
	errors: Record<string, string>
): BulkContent | null {
	if (input.kind === 'template') {
		const key = input.template;
		const found = templates.find((t) => t.id === key) ?? templates.find((t) => t.name === key);
		const template = found && { name: found.name, items: found.items };
		if (!template) {
			errors.template = 'Choisissez un modèle.';
			return null;
		}
		const unticked = Array.isArray(input.unticked)
			? input.unticked.filter(
					(i): i is number => Number.isInteger(i) && i >= 0 && i < template.items.length
				)
			: [];
		if (new Set(unticked).size === template.items.length) {
			errors.template = 'Gardez au moins une demande du modèle.';
			return null;
		}
		return { kind: 'template', template, unticked };
	}
	const raw = isRecord(input.request) ? input.request : {};
	const title = checkTitle(raw.title);
	const dueDate = checkDueDate(raw.dueDate);
	const description = typeof raw.description === 'string' ? raw.description.trim() : '';
	if (!title.ok) errors['request.title'] = title.error;
	if (!dueDate.ok) errors['request.dueDate'] = dueDate.error;
	if (textLength(description) > DESCRIPTION_MAX) {
		errors['request.description'] =
			`La description ne doit pas dépasser ${DESCRIPTION_MAX} caractères.`;
	}
	if (!title.ok || !dueDate.ok) return null;
	return { kind: 'request', title: title.value, description, dueDate: dueDate.value };
}

/** Titles compare as a colleague reads them: trimmed, case and accents aside. */
function sameTitle(a: string, b: string): boolean {
	return a.trim().localeCompare(b.trim(), 'fr', { sensitivity: 'base' }) === 0;
}

/**
 * Which selected client gets which task. A client with a task of the same title and period (any
 * status; an open one preferred, then the oldest) reuses it; the others get a new task assigned
 * to their collaborator in charge, or to `sender` when that person is not among `activeStaff`.
 * Archived and unknown clients are skipped, with the reason. Clients keep the selection's order.
 */
export function planBulkSend(
	send: Pick<BulkSend, 'clientIds' | 'task'>,
	clients: readonly BulkClient[],
	tasks: readonly Task[],
	sender: string,
	activeStaff: ReadonlySet<string>
): BulkPlan {
	const byId = new Map(clients.map((c) => [c.id, c]));
	const matching = new Map<string, Task[]>();
	for (const task of tasks) {
		if (task.period !== send.task.period || !sameTitle(task.title, send.task.title)) continue;
		matching.set(task.clientId, [...(matching.get(task.clientId) ?? []), task]);
	}
	const plan: BulkPlan = { plans: [], skipped: [] };
	for (const clientId of send.clientIds) {
		const client = byId.get(clientId);
		if (!client || client.archivedAt) {
			const reason = client ? 'archived' : 'unknown';
			plan.skipped.push({ clientId, name: client?.name ?? '', reason });
			continue;
		}
		const candidates = matching.get(clientId) ?? [];
		const existing = candidates.find((t) => t.status !== 'done') ?? candidates[0];
		if (existing) {
			plan.plans.push({ client, kind: 'existing', task: existing });
			continue;
		}
		const assigneeId =
			client.managerId && activeStaff.has(client.managerId) ? client.managerId : sender;
		plan.plans.push({
			client,
			kind: 'new',
			task: { ...send.task, clientId, assigneeId, status: 'todo' }
		});
	}
	return plan;
}

/**
 * The requests `content` gives `task`, each with the index it has in the content (the template's
 * item index, 0 for a single request): the server derives each request's id from it, so that a
 * retried submission finds the requests it already transmitted.
 */
export function bulkRequests(
	content: BulkContent,
	task: Pick<Task, 'id' | 'dueDate' | 'period'>
): { index: number; input: RequestInput }[] {
	if (content.kind === 'request') {
		const { title, description, dueDate } = content;
		return [{ index: 0, input: { taskId: task.id, title, description, dueDate } }];
	}
	const unticked = new Set(content.unticked);
	const inputs = templateRequests(content.template, task, { unticked });
	const kept = content.template.items.map((_, i) => i).filter((i) => !unticked.has(i));
	return inputs.map((input, n) => ({ index: kept[n]!, input }));
}
