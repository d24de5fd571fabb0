import { createHash } from 'node:crypto';
import { readRequest, transmitRequest } from '../../doc/requests.ts';
import { createTask, readTask } from '../../doc/tasks.ts';
import type { Actor } from '../../doc/origins.ts';
import { requestsDocName, tasksDocName } from '../../domain/doc-names.ts';
import {
	recurringTaskInput,
	type DuePeriod,
	type FiscalClient
} from '../../domain/fiscal-calendar.ts';
import { parisDate, parisInstant } from '../../domain/paris-time.ts';
import type { Recurrence } from '../../domain/recurrence.ts';
import { periodsToCreate } from '../../domain/recurring-pass.ts';
import type { RecurringRules } from '../../domain/recurring-rules.ts';
import { templateForObligation, templateRequests } from '../../domain/request-templates.ts';
import { addDays } from '../../domain/working-days.ts';
import type { JobDefinition } from '../jobs/Scheduler.ts';
import type { ServerDocuments } from '../runtime.ts';
import type { Client, Store, StoredTemplate } from '../store/Store.ts';
import { firmRules, PASS_SETTING } from './rules.ts';
import { firmTemplates } from './templates.ts';

export const RECURRING_KIND = 'recurring-tasks';
/** Paris time of the daily pass: just after midnight, so that a period closed today has its task. */
export const RECURRING_TIME = '00:05';

/** Who the documents say created a recurring task and its requests. */
export const RECURRING_ACTOR: Actor = { id: 'navette-missions', name: 'Missions récurrentes' };

export interface RecurringDeps {
	store: Store;
	documents: ServerDocuments;
	log?: (line: string) => void;
}

/** Once a day at `time` on Paris clocks, whatever the offset (DST changes included). */
export function dailyAtParis(time: string): Recurrence {
	return (after) => {
		const today = parisInstant(parisDate(after), time);
		return today > after ? today : parisInstant(addDays(parisDate(after), 1), time);
	};
}

/**
 * An id derived from the idempotency key: the task of a period (and each of its requests) has
 * the same id on every attempt, so a retry after a crash between the claim and the documents,
 * or two instances at once, find or write the same entries rather than a second task.
 */
export function derivedId(prefix: string, key: string): string {
	return `${prefix}-${createHash('sha256').update(key).digest('base64url').slice(0, 40)}`;
}

/** The daily job; the scheduler runs it at {@link RECURRING_TIME} and catches missed days up once. */
export function recurringJob(deps: RecurringDeps): JobDefinition {
	return {
		kind: RECURRING_KIND,
		every: dailyAtParis(RECURRING_TIME),
		run: ({ now }) => runRecurringPass(deps, now).then(() => undefined)
	};
}

/**
 * A pass over every firm (at start, and daily): each firm's failure is logged and the pass goes
 * on with the others, then fails so that the scheduler retries it (what was done is not redone).
 */
export async function runRecurringPass(deps: RecurringDeps, now: number): Promise<string[]> {
	const created: string[] = [];
	const failures: string[] = [];
	for (const firm of await deps.store.listFirms()) {
		try {
			created.push(...(await runFirmPass(deps, firm.id, now)));
		} catch (error) {
			failures.push(firm.id);
			deps.log?.(`Missions récurrentes: ${firm.id} failed: ${describe(error)}`);
		}
	}
	if (failures.length > 0) throw new Error(`Recurring pass failed for ${failures.join(', ')}`);
	return created;
}

/**
 * One firm's pass on the Paris date of `now`: for each active client with a collaborator in
 * charge, the periods due since the firm's last pass (`periodsToCreate`), each claimed and then
 * written. Returns the ids of the tasks it wrote. The last pass's date only moves forward: a
 * clock set back recomputes days already seen, and their claims say they are done.
 */
export async function runFirmPass(
	deps: RecurringDeps,
	firmId: string,
	now: number
): Promise<string[]> {
	const today = parisDate(now);
	const lastDate = readLastDate(await deps.store.getFirmSetting(firmId, PASS_SETTING));
	const rules = await firmRules(deps.store, firmId);
	const clients = (await deps.store.listClients(firmId)).filter(
		(client) => client.archivedAt === null && client.managerId !== null
	);
	let templates: StoredTemplate[] | null = null;
	const created: string[] = [];
	for (const client of clients) {
		for (const period of periodsToCreate(fiscalClient(client), rules, lastDate, today)) {
			templates ??= await firmTemplates(deps.store, firmId);
			const taskId = await ensureTask(deps, { client, period, rules, templates, now });
			if (taskId) created.push(taskId);
		}
	}
	if (lastDate === null || today > lastDate) {
		await deps.store.setFirmSetting(firmId, PASS_SETTING, { lastDate: today }, iso(now));
	}
	return created;
}

/**
 * Claims the period, then writes its task and the template's requests unless they are there
 * (same ids on every attempt), then records it done. Null when a claim already says done.
 */
async function ensureTask(
	deps: RecurringDeps,
	input: {
		client: Client;
		period: DuePeriod;
		rules: RecurringRules;
		templates: StoredTemplate[];
		now: number;
	}
): Promise<string | null> {
	const { client, period, now } = input;
	const at = iso(now);
	const { work } = await deps.store.claimRecurringWork({
		firmId: client.firmId,
		clientId: client.id,
		periodKey: period.key,
		taskId: derivedId('rt', period.idempotencyKey),
		at
	});
	if (work.doneAt !== null) return null;
	await deps.documents.change(tasksDocName(client.firmId), (doc) => {
		if (readTask(doc, work.taskId)) return;
		createTask(doc, recurringTaskInput(period, client.managerId!), RECURRING_ACTOR, {
			id: work.taskId,
			now: at
		});
	});
	const template = templateForObligation(period.obligation, input.templates);
	if (template) {
		const requests = templateRequests(
			template,
			{ id: work.taskId, dueDate: period.dueDate, period: period.taskPeriod },
			{ region: input.rules.region ?? undefined }
		);
		await deps.documents.change(requestsDocName(client.firmId, client.id), (doc) => {
			requests.forEach((request, index) => {
				const id = derivedId('rr', `${period.idempotencyKey}#${index}`);
				// A millisecond apart: lists order requests by creation, so they keep the template's.
				const created = iso(now + index);
				if (!readRequest(doc, id))
					transmitRequest(doc, request, RECURRING_ACTOR, { id, now: created });
			});
		});
	}
	await deps.store.completeRecurringWork(client.id, period.key, at);
	deps.log?.(`Missions récurrentes: ${period.label} for ${client.name}`);
	return work.taskId;
}

/** A client without a regime yet files no VAT return until someone fills it in; its Bilan stands. */
function fiscalClient(client: Client): FiscalClient {
	return {
		id: client.id,
		vatRegime: client.vatRegime ?? 'franchise',
		closingDate: client.closingDate,
		vatDueDay: client.vatDueDay
	};
}

function readLastDate(value: unknown): string | null {
	if (typeof value !== 'object' || value === null) return null;
	const { lastDate } = value as { lastDate?: unknown };
	return typeof lastDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(lastDate) ? lastDate : null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
