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
	await eachLimited(await deps.store.listFirms(), FIRMS_AT_ONCE, async (firm) => {
		try {
			created.push(...(await runFirmPass(deps, firm.id, now)));
		} catch (error) {
			failures.push(firm.id);
			deps.log?.(`Missions récurrentes: ${firm.id} failed: ${describe(error)}`);
		}
	});
	if (failures.length > 0) throw new Error(`Recurring pass failed for ${failures.join(', ')}`);
	return created;
}

/**
 * One firm's pass on the Paris date of `now`: for each active client with a collaborator in
 * charge, the periods due since the firm's last pass (`periodsToCreate`), each claimed first;
 * then the claimed periods not done yet are written, all tasks in one change of the tasks
 * document and each client's requests in one change of its document (a few clients at a time:
 * a change through Redis costs seconds of waiting, not of work), and recorded done. Returns the
 * ids of the tasks written. The last pass's date only moves forward: a clock set back recomputes
 * days already seen, and their claims say they are done.
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
	const todo: Work[] = [];
	for (const client of clients) {
		for (const period of periodsToCreate(fiscalClient(client), rules, lastDate, today)) {
			const { work } = await deps.store.claimRecurringWork({
				firmId,
				clientId: client.id,
				periodKey: period.key,
				taskId: derivedId('rt', period.idempotencyKey),
				at: iso(now)
			});
			if (work.doneAt === null) todo.push({ client, period, taskId: work.taskId });
		}
	}
	if (todo.length > 0) {
		const templates = await firmTemplates(deps.store, firmId);
		await writeTasks(deps, firmId, todo, now);
		const byClient = new Map<string, Work[]>();
		for (const work of todo)
			byClient.set(work.client.id, [...(byClient.get(work.client.id) ?? []), work]);
		await eachLimited([...byClient.values()], CLIENTS_AT_ONCE, (works) =>
			writeRequests(deps, works, { templates, rules, now })
		);
		for (const { client, period } of todo) {
			await deps.store.completeRecurringWork(client.id, period.key, iso(now));
			deps.log?.(`Missions récurrentes: ${period.label} for ${client.name}`);
		}
	}
	if (lastDate === null || today > lastDate) {
		await deps.store.setFirmSetting(firmId, PASS_SETTING, { lastDate: today }, iso(now));
	}
	return todo.map((work) => work.taskId);
}

/** A claimed period whose task and requests are to be written (again, after a crash). */
interface Work {
	client: Client;
	period: DuePeriod;
	taskId: string;
}

/** Documents changed at once: with Redis, each direct connection waits about 2 s, mostly idle. */
const CLIENTS_AT_ONCE = 8;
const FIRMS_AT_ONCE = 4;

/** The tasks not in the document yet, under their claimed ids, in one change. */
async function writeTasks(deps: RecurringDeps, firmId: string, todo: Work[], now: number) {
	await deps.documents.change(tasksDocName(firmId), (doc) => {
		for (const { client, period, taskId } of todo) {
			if (readTask(doc, taskId)) continue;
			createTask(doc, recurringTaskInput(period, client.managerId!), RECURRING_ACTOR, {
				id: taskId,
				now: iso(now)
			});
		}
	});
}

/**
 * One client's requests for its claimed periods, from the template named for each obligation
 * (none once deleted), those not in the document yet, in one change.
 */
async function writeRequests(
	deps: RecurringDeps,
	works: Work[],
	context: { templates: StoredTemplate[]; rules: RecurringRules; now: number }
) {
	const client = works[0]!.client;
	const region = context.rules.region ?? undefined;
	const requests = works.flatMap(({ period, taskId }) => {
		const template = templateForObligation(period.obligation, context.templates);
		if (!template) return [];
		const task = { id: taskId, dueDate: period.dueDate, period: period.taskPeriod };
		return templateRequests(template, task, { region }).map((input, index) => ({
			input,
			id: derivedId('rr', `${period.idempotencyKey}#${index}`)
		}));
	});
	if (requests.length === 0) return;
	await deps.documents.change(requestsDocName(client.firmId, client.id), (doc) => {
		requests.forEach(({ input, id }, index) => {
			// A millisecond apart: lists order requests by creation, so they keep the template's.
			const created = iso(context.now + index);
			if (!readRequest(doc, id)) transmitRequest(doc, input, RECURRING_ACTOR, { id, now: created });
		});
	});
}

/** Runs `work` on every item, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
	let next = 0;
	const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) await work(items[next++]!);
	});
	await Promise.all(lanes);
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
