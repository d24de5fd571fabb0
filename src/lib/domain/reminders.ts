import { parisDate } from './paris-time.ts';
import type { ReminderPolicy } from './reminder-policy.ts';
import type { Status } from './status.ts';
import {
	addDays,
	daysBetween,
	isWorkingDay,
	workingDayOnOrAfter,
	workingDayOnOrBefore,
	type HolidayRegion
} from './working-days.ts';

/**
 * When a request is due for an automatic reminder. Pure: the daily pass calls it for each request
 * with the Paris calendar date of the pass; all dates are `YYYY-MM-DD`, instants ISO strings.
 *
 * Rules:
 * - Only requests awaiting the client (an explicit list of statuses: any status added later, such
 *   as « Validée » or « Sans objet », is excluded until it is listed here).
 * - The schedule: with a due date D, D − `daysBeforeDue`, D (`onDueDate`), then D + k ×
 *   `repeatAfterDueDays`; without one, sent + `firstAfterSentDays` + k × `repeatWithoutDueDays`.
 *   Only dates after the day the request was sent count: a request sent late is not reminded the
 *   same day, nor for the dates that passed before it existed.
 * - Working days only: a reminder before or on the due date moves to the previous working day,
 *   so that the client hears of a deadline while it can still be met (a Saturday due date is
 *   announced on the Friday, not on the Monday as a missed deadline); later ones, and those of
 *   requests without a due date, move to the next working day.
 * - Catch-up: a request is due when a scheduled date has come (today or earlier) and no reminder
 *   was sent for it on or after that date. So a reminder missed while the server was down, while
 *   the client was paused, or on a non-working day goes out once, on the next pass that may send
 *   it, however many scheduled dates were missed; the reminder sent then covers them all.
 * - At most `maxPerRequest` reminders per request, counting every reminder recorded for it.
 */

/** The statuses in which the firm is waiting for the client: the only ones ever reminded. */
export const AWAITING_CLIENT_STATUSES = [
	'todo',
	'in_progress'
] as const satisfies readonly Status[];

/** True for a status in {@link AWAITING_CLIENT_STATUSES}; false for anything else, known or not. */
export function isAwaitingClient(status: string): boolean {
	return (AWAITING_CLIENT_STATUSES as readonly string[]).includes(status);
}

/** What the decision needs to know of one request. */
export interface RequestReminderState {
	status: string;
	/** When the request was sent to the client (ISO instant). */
	sentAt: string;
	dueDate: string | null;
	/** « Ne pas relancer cette demande ». */
	optedOut: boolean;
	/** When each reminder including this request was sent (ISO instants, any order). */
	remindersSent: readonly string[];
}

/** « Ne pas relancer » on the client: indefinitely, or through `pausedUntil` included. */
export interface ClientReminderState {
	paused: boolean;
	pausedUntil: string | null;
}

/** Why a request is never reminded again (until its state changes). */
export type ReminderStop = 'disabled' | 'not-awaiting' | 'opted-out' | 'paused' | 'max-reached';

export type ReminderDecision =
	/** Send today; `scheduledFor` is the scheduled date it fulfils (today, or earlier on catch-up). */
	| { due: true; scheduledFor: string }
	/** Not today; `next` is the date it would be due if nothing changes, null for never. */
	| { due: false; reason: ReminderStop | 'not-yet'; next: string | null };

/** Calendar options beyond the policy: the firm's holiday region. */
export interface ReminderCalendar {
	region?: HolidayRegion;
}

/** Whether `request` is due for a reminder on `today`, and if not, when it next would be. */
export function reminderDecision(
	request: RequestReminderState,
	client: ClientReminderState,
	policy: ReminderPolicy,
	today: string,
	calendar: ReminderCalendar = {}
): ReminderDecision {
	const stop = stopReason(request, client, policy);
	if (stop) return { due: false, reason: stop, next: null };
	const lastSent = lastSentDate(request.remindersSent);
	const pending = latestScheduledOnOrBefore(request, policy, today, calendar);
	if (pending !== null && (lastSent === null || pending > lastSent)) {
		if (isOpenDay(today, client, policy, calendar)) return { due: true, scheduledFor: pending };
		return {
			due: false,
			reason: 'not-yet',
			next: firstOpenDayAfter(today, client, policy, calendar)
		};
	}
	const floor = lastSent !== null && lastSent > today ? lastSent : today;
	const scheduled = firstScheduledAfter(request, policy, floor, calendar);
	const next = scheduled && firstOpenDayOnOrAfter(scheduled, client, policy, calendar);
	return { due: false, reason: 'not-yet', next };
}

/**
 * The scheduled reminder dates of `request` after it was sent, working-day shifted, up to
 * `until` included. The schedule only: pauses, opt-outs and reminders already sent are not
 * applied (that is {@link reminderDecision}'s work).
 */
export function reminderSchedule(
	request: Pick<RequestReminderState, 'sentAt' | 'dueDate'>,
	policy: ReminderPolicy,
	until: string,
	calendar: ReminderCalendar = {}
): string[] {
	const dates: string[] = [];
	for (const date of scheduledDates(request, policy, calendar)) {
		if (date > until) break;
		dates.push(date);
	}
	return dates;
}

function stopReason(
	request: RequestReminderState,
	client: ClientReminderState,
	policy: ReminderPolicy
): ReminderStop | null {
	if (!policy.enabled) return 'disabled';
	if (!isAwaitingClient(request.status)) return 'not-awaiting';
	if (request.optedOut) return 'opted-out';
	if (client.paused && client.pausedUntil === null) return 'paused';
	if (request.remindersSent.length >= policy.maxPerRequest) return 'max-reached';
	return null;
}

/** A day the pass may send on: a working day (when asked) outside the client's pause. */
function isOpenDay(
	date: string,
	client: ClientReminderState,
	policy: ReminderPolicy,
	calendar: ReminderCalendar
): boolean {
	if (client.paused && client.pausedUntil !== null && date <= client.pausedUntil) return false;
	return !policy.workingDaysOnly || isWorkingDay(date, calendar.region);
}

function firstOpenDayAfter(
	date: string,
	client: ClientReminderState,
	policy: ReminderPolicy,
	calendar: ReminderCalendar
): string {
	return firstOpenDayOnOrAfter(addDays(date, 1), client, policy, calendar);
}

function firstOpenDayOnOrAfter(
	date: string,
	client: ClientReminderState,
	policy: ReminderPolicy,
	calendar: ReminderCalendar
): string {
	let day = date;
	if (client.paused && client.pausedUntil !== null && day <= client.pausedUntil) {
		day = addDays(client.pausedUntil, 1);
	}
	return policy.workingDaysOnly ? workingDayOnOrAfter(day, calendar.region) : day;
}

function latestScheduledOnOrBefore(
	request: RequestReminderState,
	policy: ReminderPolicy,
	today: string,
	calendar: ReminderCalendar
): string | null {
	let found: string | null = null;
	for (const date of scheduledDates(request, policy, calendar, today)) {
		if (date > today) break;
		found = date;
	}
	return found;
}

function firstScheduledAfter(
	request: RequestReminderState,
	policy: ReminderPolicy,
	after: string,
	calendar: ReminderCalendar
): string | null {
	for (const date of scheduledDates(request, policy, calendar, after)) {
		if (date > after) return date;
	}
	return null;
}

/**
 * More than the longest run of days off a reminder can be shifted across (Alsace-Moselle's
 * Good Friday to Easter Monday is four): the repeats may start this much before `near`.
 */
const SHIFT_MARGIN_DAYS = 7;

/**
 * The schedule as an endless, increasing series (shifting may merge two dates into one).
 * Callers stop once past the date they look for. With `near`, the repeats start just before
 * it rather than at the first one: the daily pass over 25,000 requests, some sent long ago,
 * must not walk every week since.
 */
function* scheduledDates(
	request: Pick<RequestReminderState, 'sentAt' | 'dueDate'>,
	policy: ReminderPolicy,
	calendar: ReminderCalendar,
	near?: string
): Generator<string> {
	const sent = parisDate(Date.parse(request.sentAt));
	let previous = sent;
	for (const { date, early } of nominalDates(request.dueDate, sent, policy, near)) {
		const shifted = !policy.workingDaysOnly
			? date
			: early
				? workingDayOnOrBefore(date, calendar.region)
				: workingDayOnOrAfter(date, calendar.region);
		if (shifted > previous) {
			previous = shifted;
			yield shifted;
		}
	}
}

/** The policy's dates before shifting; `early` for those that must not slip past the due date. */
function* nominalDates(
	dueDate: string | null,
	sent: string,
	policy: ReminderPolicy,
	near: string | undefined
): Generator<{ date: string; early: boolean }> {
	if (dueDate === null) {
		const first = addDays(sent, policy.firstAfterSentDays);
		yield* repeats(first, policy.repeatWithoutDueDays, near);
		return;
	}
	if (policy.daysBeforeDue > 0) {
		yield { date: addDays(dueDate, -policy.daysBeforeDue), early: true };
	}
	if (policy.onDueDate) yield { date: dueDate, early: true };
	yield* repeats(addDays(dueDate, policy.repeatAfterDueDays), policy.repeatAfterDueDays, near);
}

function* repeats(
	first: string,
	interval: number,
	near: string | undefined
): Generator<{ date: string; early: boolean }> {
	// A zero interval (a policy not validated) would never move past the date asked for.
	const every = Math.max(1, interval);
	const skip = near === undefined ? 0 : daysBetween(first, near) - every - SHIFT_MARGIN_DAYS;
	for (let date = addDays(first, Math.max(0, Math.floor(skip / every)) * every); ;) {
		yield { date, early: false };
		date = addDays(date, every);
	}
}

/** The Paris date of the latest reminder, converting one instant rather than all of them. */
function lastSentDate(sentAt: readonly string[]): string | null {
	let latest = Number.NEGATIVE_INFINITY;
	for (const at of sentAt) latest = Math.max(latest, Date.parse(at));
	return Number.isFinite(latest) ? parisDate(latest) : null;
}
