import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseRequestSummaryEntry, requestSummaryEntries } from '../../doc/overview.ts';
import { overviewDocName } from '../../domain/doc-names.ts';
import { parisDate, parisInstant } from '../../domain/paris-time.ts';
import { every } from '../../domain/recurrence.ts';
import { isWorkingDay } from '../../domain/working-days.ts';
import type { JobDefinition } from '../jobs/Scheduler.ts';
import type { Firm } from '../store/Store.ts';
import {
	dueToday,
	firmReminderContext,
	planClientDigests,
	writeDigests,
	type FirmReminderContext,
	type PlannedDigest,
	type ReminderItem,
	type ReminderRuntime
} from './digests.ts';
import { firmReminderPolicy } from './policy.ts';

/**
 * The daily reminder pass (issue 13), in three job kinds over the scheduler:
 * - `reminders-plan`, hourly, and `reminders-plan-start`, once at each process start: for each
 *   firm whose policy is on, on a working day (if the policy says so), enqueue the firm's pass of
 *   the Paris day, key `reminders:<firmId>:<date>`, due at the policy's hour (now if it passed).
 *   The key makes it one pass per firm and day whatever the instances, restarts and plans.
 * - `reminders-pass`: one firm's pass of one day. Reads the overview (not the clients'
 *   documents), the tasks document and the store, decides per request (`reminderDecision`) and
 *   queues one digest per active contact of each client with something due (`digestKey`: one per
 *   contact and day), written a batch of clients at a time (`DigestBatch`). A pass cut short
 *   runs again: the batches it committed are not queued twice, the one it was writing is not
 *   there at all.
 */
export const REMINDER_PLAN_KIND = 'reminders-plan';
export const REMINDER_PLAN_START_KIND = 'reminders-plan-start';
export const REMINDER_PASS_KIND = 'reminders-pass';

const HOUR_MS = 3_600_000;

export function reminderPassKey(firmId: string, date: string): string {
	return `reminders:${firmId}:${date}`;
}

interface PassPayload {
	firmId: string;
	date: string;
}

/** What one firm's pass did, for the log, the tests and the bench. */
export interface PassReport {
	clients: number;
	digests: number;
	/** Documents opened through `documents.read` (the overview and the tasks document). */
	documentsRead: number;
}

export function reminderJobs(
	rt: ReminderRuntime,
	log: (line: string) => void = () => {}
): JobDefinition[] {
	const plan = async ({ now }: { now: number }) => {
		for (const firm of await rt.store.listFirms()) await planFirm(rt, firm, now);
	};
	return [
		{ kind: REMINDER_PLAN_KIND, every: every(HOUR_MS), run: plan },
		{ kind: REMINDER_PLAN_START_KIND, run: plan },
		{
			kind: REMINDER_PASS_KIND,
			async run({ job, now, signal }) {
				const { firmId, date } = job.payload as PassPayload;
				const report = await runReminderPass(rt, firmId, date, now, signal);
				if (report.digests > 0) {
					log(`Reminders: ${report.digests} digests queued for firm ${firmId} (${date})`);
				}
			}
		}
	];
}

/** Asks for a plan at once (each process start): today's passes are enqueued if due. */
export async function planRemindersNow(rt: ReminderRuntime): Promise<void> {
	await rt.scheduler.enqueue({
		key: `${REMINDER_PLAN_START_KIND}:${rt.scheduler.owner}`,
		kind: REMINDER_PLAN_START_KIND
	});
}

async function planFirm(rt: ReminderRuntime, firm: Firm, now: number): Promise<void> {
	const policy = await firmReminderPolicy(rt.store, firm.id);
	if (!policy.enabled) return;
	const date = parisDate(now);
	if (policy.workingDaysOnly && !isWorkingDay(date)) return;
	await rt.scheduler.enqueue({
		key: reminderPassKey(firm.id, date),
		kind: REMINDER_PASS_KIND,
		payload: { firmId: firm.id, date } satisfies PassPayload,
		runAt: Math.max(now, parisInstant(date, policy.hour))
	});
}

/**
 * One firm's pass for the Paris day `date` at `now`. A pass that runs on a later day (the
 * deployment was down) does nothing: that day's own pass catches up what was missed.
 */
export async function runReminderPass(
	rt: ReminderRuntime,
	firmId: string,
	date: string,
	now: number,
	signal?: AbortSignal
): Promise<PassReport> {
	const report: PassReport = { clients: 0, digests: 0, documentsRead: 0 };
	const firm = await rt.store.getFirm(firmId);
	if (!firm || parisDate(now) !== date) return report;
	const ctx = await firmReminderContext(rt, firm, now);
	report.documentsRead++;
	if (!ctx.policy.enabled) return report;
	if (ctx.policy.workingDaysOnly && !isWorkingDay(date)) return report;
	const byClient = await overviewByClient(rt, firmId);
	report.documentsRead++;
	const clients = (await rt.store.listClients(firmId)).filter((client) => !client.archivedAt);
	const batch = new DigestBatch(rt, ctx, report);
	for (const client of clients) {
		if (signal?.aborted) throw new Error('Reminder pass stopped with the server');
		const items = byClient.get(client.id);
		if (!items || !ctx.contacts.has(client.id)) continue;
		const due = dueToday(ctx, items);
		if (due.length > 0) {
			report.clients++;
			await batch.add(planClientDigests(rt, ctx, client, due, { by: null, now }).planned);
		}
		// 500 clients' decisions in one go would hold the event loop: one client at a time.
		await nextTurn();
	}
	await batch.flush();
	return report;
}

/**
 * Rows a write transaction of the pass writes, about (15 digests of 30 requests: their outbox
 * messages, reminders, listed requests, sign-in links, audit entries and events). One commit per
 * batch rather than four per digest; a batch small enough that its transaction, which holds
 * SQLite's one connection and runs in one go (10 to 35 ms measured, its commit included), stays
 * under the 50 ms block budget.
 */
const BATCH_ROWS = 1000;

/** The pass's planned digests, written a batch at a time, with a yield after each write. */
class DigestBatch {
	readonly #rt: ReminderRuntime;
	readonly #ctx: FirmReminderContext;
	readonly #report: PassReport;
	#planned: PlannedDigest[] = [];
	#rows = 0;

	constructor(rt: ReminderRuntime, ctx: FirmReminderContext, report: PassReport) {
		this.#rt = rt;
		this.#ctx = ctx;
		this.#report = report;
	}

	async add(planned: readonly PlannedDigest[]): Promise<void> {
		for (const digest of planned) {
			this.#planned.push(digest);
			this.#rows += 4 + 2 * digest.records.reminder.requestIds.length;
		}
		if (this.#rows >= BATCH_ROWS) await this.flush();
	}

	async flush(): Promise<void> {
		const planned = this.#planned;
		this.#planned = [];
		this.#rows = 0;
		if (planned.length === 0) return;
		const { queued } = await writeDigests(this.#rt, this.#ctx, planned);
		this.#report.digests += queued.length;
		await nextTurn();
	}
}

/** Entries parsed between two yields to the event loop (a few milliseconds' work). */
const PARSE_BATCH = 1000;

/**
 * The overview's requests by client. The entries are copied out of the document in one go (cheap)
 * and parsed a batch at a time, so that 25,000 of them never hold the event loop at once.
 */
export async function overviewByClient(
	rt: Pick<ReminderRuntime, 'documents'>,
	firmId: string
): Promise<Map<string, ReminderItem[]>> {
	const entries = await rt.documents.read(overviewDocName(firmId), requestSummaryEntries);
	const groups = new Map<string, ReminderItem[]>();
	for (let start = 0; start < entries.length; start += PARSE_BATCH) {
		for (const [id, value] of entries.slice(start, start + PARSE_BATCH)) {
			const summary = parseRequestSummaryEntry(id, value);
			if (!summary) continue;
			const items = groups.get(summary.clientId) ?? [];
			items.push({ ...summary, createdAt: summary.createdAt ?? null });
			groups.set(summary.clientId, items);
		}
		await nextTurn();
	}
	return groups;
}
