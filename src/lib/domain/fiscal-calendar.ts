import type { VatRegime } from './clients.ts';
import {
	annualReturnDeadline,
	exerciceOf,
	monthOf,
	monthlyReturnDeadline,
	quarterOf
} from './fiscal-periods.ts';
import { DEFAULT_RECURRING_RULES, type RecurringRules } from './recurring-rules.ts';
import type { TaskInput } from './task.ts';
import { addDays } from './working-days.ts';

/**
 * The recurring obligations of a client, from its record: which returns come when, the period
 * each covers, the day its task is created and the day it is due. Pure, on Paris calendar dates
 * `YYYY-MM-DD`; the scheduler calls {@link periodsDue} and creates one task per idempotency key.
 *
 * The rules (deadlines in `fiscal-periods.ts`):
 * - mensuel: a CA3 per calendar month, due on the CA3 day of the next month;
 * - trimestriel: a CA3 per calendar quarter, due on that day of the month after the quarter;
 * - annuel: a CA12 per exercice, due the second working day after 1 May for a 31/12 closing,
 *   three months after the closing otherwise (the CA12E of an exercice off the calendar year);
 * - franchise en base: no VAT return;
 * - every client: a liasse (« Bilan ») per exercice, due as the CA12 is.
 * A deadline on a weekend or public holiday moves to the next working day. A period closes the
 * day after it ends; its task is created then, or the firm's lead days earlier. The CA12's
 * July and December instalments are payments, not returns: they make no task. Exercices are
 * twelve months long: a first, last or transitional exercice of another length is not known
 * from the record, and its Bilan is created by hand.
 */

/** What a recurring rule creates: the VAT return, and the liasse fiscale (« Bilan »). */
export type Obligation = 'TVA' | 'BILAN';
export const OBLIGATIONS: readonly Obligation[] = ['TVA', 'BILAN'];

/** The form filed: CA3 (monthly or quarterly VAT), CA12 (yearly VAT), the liasse. */
export type ReturnForm = 'CA3' | 'CA12' | 'LIASSE';

/** What the calendar needs of a client record. */
export interface FiscalClient {
	id: string;
	vatRegime: VatRegime;
	/** End of the exercice, `MM-DD` as the client record stores it. */
	closingDate: string;
	/** The client's own CA3 day of the month; absent or `null` for the firm's. */
	vatDueDay?: number | null;
}

/** One period of one obligation, with its dates. */
export interface FiscalPeriod {
	obligation: Obligation;
	form: ReturnForm;
	/** Stable name of the period: `TVA:2026-11`, `TVA:2026-T4`, `TVA:2026`, `BILAN:2026`. */
	key: string;
	/** The task's title: « TVA 11/2026 », « TVA T4 2026 », « TVA 2026 », « Bilan 2026 ». */
	label: string;
	category: 'TVA' | 'Bilan';
	/**
	 * The task's `period` field (`YYYY-MM` or `YYYY`); `null` for a quarter, which that field
	 * cannot hold yet (it would take `YYYY-Tn` once `isPeriod` accepts it).
	 */
	taskPeriod: string | null;
	/** First and last day covered, inclusive. */
	start: string;
	end: string;
	/** The day after `end`: when the period is over and its return can be prepared. */
	closesOn: string;
	/** When the task is created: `closesOn` minus the firm's lead days. */
	createOn: string;
	/** The legal deadline, on a working day. */
	dueDate: string;
}

/** A period to create a task for, with the key that makes it one task whatever happens. */
export interface DuePeriod extends FiscalPeriod {
	clientId: string;
	/** `<client id>:<period key>`, e.g. `c_8f3…:TVA:2026-11`. */
	idempotencyKey: string;
}

/** The VAT form of a regime; « franchise en base » files none. */
export function vatFormOf(regime: VatRegime): ReturnForm | null {
	if (regime === 'franchise') return null;
	return regime === 'annuel' ? 'CA12' : 'CA3';
}

/** The obligations that create tasks for `client` under the firm's `rules`. */
export function obligationsOf(
	client: Pick<FiscalClient, 'vatRegime'>,
	rules: RecurringRules = DEFAULT_RECURRING_RULES
): Obligation[] {
	const obligations: Obligation[] = [];
	if (rules.vatEnabled && vatFormOf(client.vatRegime)) obligations.push('TVA');
	if (rules.bilanEnabled) obligations.push('BILAN');
	return obligations;
}

/** The key the scheduler creates one task by: one client, one period. */
export function idempotencyKey(clientId: string, periodKey: string): string {
	return `${clientId}:${periodKey}`;
}

/**
 * The period of `obligation` that `date` belongs to for `client`, or `null` when the client has
 * no such obligation (VAT under « franchise en base »). The enabled switches are not consulted:
 * a disabled rule still tells which period a date is in.
 */
export function periodOf(
	client: FiscalClient,
	obligation: Obligation,
	date: string,
	rules: RecurringRules = DEFAULT_RECURRING_RULES
): FiscalPeriod | null {
	if (obligation === 'BILAN') return bilanPeriod(client, date, rules);
	return vatPeriod(client, date, rules);
}

function bilanPeriod(client: FiscalClient, date: string, rules: RecurringRules): FiscalPeriod {
	const { start, end } = exerciceOf(client.closingDate, date);
	const year = end.slice(0, 4);
	return dated(rules.bilanLeadDays, {
		obligation: 'BILAN',
		form: 'LIASSE',
		key: `BILAN:${year}`,
		label: `Bilan ${year}`,
		category: 'Bilan',
		taskPeriod: year,
		start,
		end,
		dueDate: annualReturnDeadline(client.closingDate, end, rules.region ?? undefined)
	});
}

function vatPeriod(client: FiscalClient, date: string, rules: RecurringRules): FiscalPeriod | null {
	const form = vatFormOf(client.vatRegime);
	if (!form) return null;
	const region = rules.region ?? undefined;
	const dueDay = client.vatDueDay ?? rules.vatDueDay;
	const base = { obligation: 'TVA' as const, form, category: 'TVA' as const };
	if (client.vatRegime === 'mensuel') {
		const { year, month, start, end } = monthOf(date);
		const mm = String(month).padStart(2, '0');
		return dated(rules.vatLeadDays, {
			...base,
			key: `TVA:${year}-${mm}`,
			label: `TVA ${mm}/${year}`,
			taskPeriod: `${year}-${mm}`,
			start,
			end,
			dueDate: monthlyReturnDeadline(end, dueDay, region)
		});
	}
	if (client.vatRegime === 'trimestriel') {
		const { year, quarter, start, end } = quarterOf(date);
		return dated(rules.vatLeadDays, {
			...base,
			key: `TVA:${year}-T${quarter}`,
			label: `TVA T${quarter} ${year}`,
			taskPeriod: null,
			start,
			end,
			dueDate: monthlyReturnDeadline(end, dueDay, region)
		});
	}
	// CA12: the exercice, which for most clients is the calendar year.
	const { start, end } = exerciceOf(client.closingDate, date);
	const year = end.slice(0, 4);
	return dated(rules.vatLeadDays, {
		...base,
		key: `TVA:${year}`,
		label: `TVA ${year}`,
		taskPeriod: year,
		start,
		end,
		dueDate: annualReturnDeadline(client.closingDate, end, region)
	});
}

/** The periods `date` belongs to, one per obligation the client has (rules on or off). */
export function periodsOn(
	client: FiscalClient,
	date: string,
	rules: RecurringRules = DEFAULT_RECURRING_RULES
): FiscalPeriod[] {
	return OBLIGATIONS.flatMap((obligation) => periodOf(client, obligation, date, rules) ?? []);
}

function dated(
	leadDays: number,
	period: Omit<FiscalPeriod, 'closesOn' | 'createOn'>
): FiscalPeriod {
	const closesOn = addDays(period.end, 1);
	return { ...period, closesOn, createOn: addDays(closesOn, -leadDays) };
}

/**
 * The periods of `client` whose task is created between `from` and `to` (inclusive), for the
 * obligations the firm's rules have on, by creation date. Run over the days since the last pass,
 * it gives the tasks to create; a day run twice gives the same keys, so nothing is made twice.
 */
export function periodsDue(
	client: FiscalClient,
	rules: RecurringRules,
	from: string,
	to: string
): DuePeriod[] {
	const due: DuePeriod[] = [];
	for (const obligation of obligationsOf(client, rules)) {
		const lead = obligation === 'TVA' ? rules.vatLeadDays : rules.bilanLeadDays;
		// createOn = end + 1 − lead, so the first candidate ends on from + lead − 1.
		let period = periodOf(client, obligation, addDays(from, lead - 1), rules);
		while (period && period.createOn <= to) {
			if (period.createOn >= from) {
				due.push({
					...period,
					clientId: client.id,
					idempotencyKey: idempotencyKey(client.id, period.key)
				});
			}
			period = periodOf(client, obligation, period.closesOn, rules);
		}
	}
	return due.sort((a, b) => a.createOn.localeCompare(b.createOn) || a.key.localeCompare(b.key));
}

/** What the scheduler submits to create the task of `period`, assigned to the client's collaborator. */
export function recurringTaskInput(period: DuePeriod, assigneeId: string): TaskInput {
	return {
		title: period.label,
		clientId: period.clientId,
		assigneeId,
		dueDate: period.dueDate,
		category: period.category,
		period: period.taskPeriod
	};
}
