import { periodsDue, type DuePeriod, type FiscalClient } from './fiscal-calendar.ts';
import { addMonths } from './fiscal-periods.ts';
import { LEAD_DAYS_MAX, type RecurringRules } from './recurring-rules.ts';
import { addDays } from './working-days.ts';

/**
 * Which periods a pass of the recurring rules creates tasks for, from the firm's last pass
 * (`lastDate`, a Paris date, or null before the first) to `today`. Pure: the scheduler's job
 * calls it for each client and claims each period's key before writing its task, so a day run
 * twice, a restart or a second instance makes nothing twice.
 */

/** A deployment down longer than this catches up only its last year. */
export const CATCH_UP_MAX_DAYS = 366;

/**
 * The first day a pass looks at: the day after the last pass; for a firm's first pass, the day
 * after the same date one month earlier, so that the period closed this month (« TVA 11/2026 »
 * on any day of December) is there from the first day, and older ones are not brought back.
 * Null when there is nothing to look at (the clock went back before the last pass).
 */
export function passStart(lastDate: string | null, today: string): string | null {
	const floor = addDays(today, -CATCH_UP_MAX_DAYS);
	const from = lastDate === null ? addDays(addMonths(today, -1), 1) : addDays(lastDate, 1);
	if (from > today) return null;
	return from < floor ? floor : from;
}

/**
 * The periods of `client` to have a task on `today` after a pass on `lastDate`: created on or
 * before today (lead days included), and not yet closed at the last pass. The second condition,
 * rather than « created since the last pass », keeps a period whose creation day a longer lead
 * or a regime change moved into the past: its task is created now, not skipped. Periods the
 * last pass already saw qualify again while they are open; their claim says they are done.
 */
export function periodsToCreate(
	client: FiscalClient,
	rules: RecurringRules,
	lastDate: string | null,
	today: string
): DuePeriod[] {
	const from = passStart(lastDate, today);
	if (from === null) return [];
	return periodsDue(client, rules, addDays(from, -LEAD_DAYS_MAX), today).filter(
		(period) => period.closesOn >= from
	);
}
