import { periodsDue, type DuePeriod, type FiscalClient } from './fiscal-calendar.ts';
import type { RecurringRules } from './recurring-rules.ts';
import { addDays } from './working-days.ts';

/**
 * How far ahead a change is looked at: past the next creation of every obligation, a yearly
 * Bilan with the longest lead included.
 */
export const CHANGE_HORIZON_DAYS = 400;

/** What a change of a client's regime, closing or CA3 day does to its tasks to come. */
export interface CalendarChange {
	/** Periods that will no longer be created (e.g. the months after a switch to quarterly). */
	removed: DuePeriod[];
	/** Periods that will now be created. */
	added: DuePeriod[];
	/** Same period key, other dates (creation, end or deadline). */
	moved: { before: DuePeriod; after: DuePeriod }[];
	/**
	 * Periods of the new calendar whose key a task created under the old one already holds (a
	 * closing change whose short transitional exercice closes in the same year as the previous
	 * one): the scheduler would take them as done, so the firm must create them by hand.
	 */
	unscheduled: DuePeriod[];
}

/**
 * The difference between the tasks `before` and `after` (two records of one client) will create
 * after `today`. Tasks whose creation day is `today` or earlier are taken as created: they stay
 * as they are, only the future moves.
 */
export function calendarChange(
	before: FiscalClient,
	after: FiscalClient,
	rules: RecurringRules,
	today: string,
	horizonDays = CHANGE_HORIZON_DAYS
): CalendarChange {
	const from = addDays(today, 1);
	const to = addDays(today, horizonDays);
	const old = byKey(periodsDue(before, rules, from, to));
	const next = byKey(periodsDue(after, rules, from, to));
	const created = new Set(
		periodsDue(before, rules, addDays(today, -horizonDays), today).map((p) => p.key)
	);
	const change: CalendarChange = { removed: [], added: [], moved: [], unscheduled: [] };
	for (const [key, period] of old) if (!next.has(key)) change.removed.push(period);
	for (const [key, period] of next) {
		const previous = old.get(key);
		if (!previous) {
			(created.has(key) ? change.unscheduled : change.added).push(period);
		} else if (!sameDates(previous, period)) {
			change.moved.push({ before: previous, after: period });
		}
	}
	return change;
}

/** True when nothing changes. */
export function isNoChange(change: CalendarChange): boolean {
	return (
		change.removed.length +
			change.added.length +
			change.moved.length +
			change.unscheduled.length ===
		0
	);
}

function byKey(periods: DuePeriod[]): Map<string, DuePeriod> {
	return new Map(periods.map((period) => [period.key, period]));
}

function sameDates(a: DuePeriod, b: DuePeriod): boolean {
	return (
		a.start === b.start && a.end === b.end && a.createOn === b.createOn && a.dueDate === b.dueDate
	);
}
