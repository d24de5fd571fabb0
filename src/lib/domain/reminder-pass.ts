import { parisDate, parisInstant } from './paris-time.ts';
import type { ReminderPolicy } from './reminder-policy.ts';
import { addDays } from './working-days.ts';

/**
 * When the daily reminder pass runs: once a day at the policy's Paris hour. The scheduler asks
 * {@link reminderPassDate} on each tick (and at start, which is how a pass missed while the
 * server was down runs once) and sleeps until {@link nextReminderPass}.
 */

/**
 * The Paris date whose pass may run at `now`: today once the hour has come, null before it (a
 * server started at 08:00 waits for 09:00; the reminders missed meanwhile go then, once).
 */
export function reminderPassDate(now: number, policy: Pick<ReminderPolicy, 'hour'>): string | null {
	const today = parisDate(now);
	return now >= parisInstant(today, policy.hour) ? today : null;
}

/** The instant of the next pass strictly after `now`, DST included (09:00 Paris either way). */
export function nextReminderPass(now: number, policy: Pick<ReminderPolicy, 'hour'>): number {
	const today = parisDate(now);
	const todays = parisInstant(today, policy.hour);
	return now < todays ? todays : parisInstant(addDays(today, 1), policy.hour);
}
