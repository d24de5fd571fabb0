import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_POLICY, type ReminderPolicy } from './reminder-policy.ts';
import {
	isAwaitingClient,
	reminderDecision,
	reminderSchedule,
	type ClientReminderState,
	type RequestReminderState
} from './reminders.ts';
import { parisInstant } from './paris-time.ts';

const policy: ReminderPolicy = { ...DEFAULT_REMINDER_POLICY };
const active: ClientReminderState = { paused: false, pausedUntil: null };

/** A request sent at 10:00 Paris on `sent`, open, never reminded. */
function request(sent: string, dueDate: string | null, more: Partial<RequestReminderState> = {}) {
	return {
		status: 'todo',
		sentAt: sentOn(sent),
		dueDate,
		optedOut: false,
		remindersSent: [],
		...more
	} satisfies RequestReminderState;
}

/** The instant of a reminder sent at 09:00 Paris on `date`. */
function sentOn(date: string, time = '09:00'): string {
	return new Date(parisInstant(date, time)).toISOString();
}

/** The days from `from` to `to` on which the pass would send, replaying it day by day. */
function replay(req: RequestReminderState, from: string, to: string, client = active, p = policy) {
	const sent: string[] = [];
	let state = req;
	for (let day = from; day <= to; day = nextDay(day)) {
		if (reminderDecision(state, client, p, day).due) {
			sent.push(day);
			state = { ...state, remindersSent: [...state.remindersSent, sentOn(day)] };
		}
	}
	return sent;
}

function nextDay(date: string): string {
	return new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
}

describe('the schedule with a due date', () => {
	// Tuesday 12 May 2026: Saturday 9 May is D − 3, then 19, 26 May…
	const req = request('2026-04-20', '2026-05-15');

	it('reminds 3 days before, on the day, then every 7 days', () => {
		expect(reminderSchedule(req, policy, '2026-06-10')).toEqual([
			'2026-05-12',
			'2026-05-15',
			'2026-05-22',
			'2026-05-29',
			'2026-06-05'
		]);
	});

	it('sends each on its day and stops after 4', () => {
		expect(replay(req, '2026-04-20', '2026-07-31')).toEqual([
			'2026-05-12',
			'2026-05-15',
			'2026-05-22',
			'2026-05-29'
		]);
		const four = { ...req, remindersSent: ['a', 'b', 'c', 'd'].map(() => sentOn('2026-05-12')) };
		expect(reminderDecision(four, active, policy, '2026-06-05')).toEqual({
			due: false,
			reason: 'max-reached',
			next: null
		});
	});

	it('says when the next one is due', () => {
		expect(reminderDecision(req, active, policy, '2026-05-01')).toEqual({
			due: false,
			reason: 'not-yet',
			next: '2026-05-12'
		});
		const once = { ...req, remindersSent: [sentOn('2026-05-12')] };
		expect(reminderDecision(once, active, policy, '2026-05-13')).toMatchObject({
			next: '2026-05-15'
		});
	});

	it('follows the policy: no reminder before, none on the day, another interval', () => {
		const custom = { ...policy, daysBeforeDue: 0, onDueDate: false, repeatAfterDueDays: 14 };
		expect(reminderSchedule(req, custom, '2026-06-30')).toEqual([
			'2026-05-29',
			'2026-06-12',
			'2026-06-26'
		]);
	});

	it('skips the dates before the request was sent, and the day it was sent', () => {
		const late = request('2026-05-15', '2026-05-15');
		expect(reminderSchedule(late, policy, '2026-05-31')).toEqual(['2026-05-22', '2026-05-29']);
		const sentLongAfter = request('2026-06-01', '2026-05-15');
		expect(reminderSchedule(sentLongAfter, policy, '2026-06-10')).toEqual(['2026-06-05']);
	});
});

describe('the schedule without a due date', () => {
	it('reminds 7 days after it was sent, then every 7 days', () => {
		expect(reminderSchedule(request('2026-06-01', null), policy, '2026-06-30')).toEqual([
			'2026-06-08',
			'2026-06-15',
			'2026-06-22',
			'2026-06-29'
		]);
	});

	it('counts from the Paris day it was sent, even when that is another day in UTC', () => {
		const lateEvening = { ...request('2026-06-01', null), sentAt: '2026-06-01T22:30:00.000Z' };
		expect(reminderSchedule(lateEvening, policy, '2026-06-10')).toEqual(['2026-06-09']);
	});

	it('uses its own delay and interval', () => {
		const custom = { ...policy, firstAfterSentDays: 3, repeatWithoutDueDays: 10 };
		expect(reminderSchedule(request('2026-06-01', null), custom, '2026-06-30')).toEqual([
			'2026-06-04',
			'2026-06-15',
			'2026-06-24'
		]);
	});
});

describe('weekends and public holidays', () => {
	it('moves a due-date reminder on a Saturday to the Friday before', () => {
		// Due Saturday 16 May: D − 3 is Wednesday 13, the day itself goes Friday 15.
		expect(reminderSchedule(request('2026-04-20', '2026-05-16'), policy, '2026-05-20')).toEqual([
			'2026-05-13',
			'2026-05-15'
		]);
	});

	it('moves a reminder before the due date off a holiday to the working day before', () => {
		// Due Sunday 17 May: D − 3 is Ascension Thursday 14 May, moved to Wednesday 13.
		expect(reminderSchedule(request('2026-04-20', '2026-05-17'), policy, '2026-05-17')).toEqual([
			'2026-05-13',
			'2026-05-15'
		]);
	});

	it('moves later reminders to the next working day', () => {
		// Due Friday 24 April: + 7 is 1 May (holiday, Friday) → Monday 4 May; + 14 is 8 May → 11 May.
		expect(reminderSchedule(request('2026-04-01', '2026-04-24'), policy, '2026-05-12')).toEqual([
			'2026-04-21',
			'2026-04-24',
			'2026-05-04',
			'2026-05-11'
		]);
	});

	it('skips Easter Monday, Whit Monday, 14 July, 11 November and Christmas', () => {
		const noDue = (sent: string) => reminderSchedule(request(sent, null), policy, '2027-12-31')[0];
		expect(noDue('2026-03-30')).toBe('2026-04-07');
		expect(noDue('2027-03-22')).toBe('2027-03-30');
		expect(noDue('2026-05-18')).toBe('2026-05-26');
		expect(noDue('2026-07-07')).toBe('2026-07-15');
		expect(noDue('2026-11-04')).toBe('2026-11-12');
		expect(noDue('2026-12-18')).toBe('2026-12-28');
	});

	it('sends on any day when the firm allows it', () => {
		const everyDay = { ...policy, workingDaysOnly: false };
		expect(reminderSchedule(request('2026-04-20', '2026-05-16'), everyDay, '2026-05-23')).toEqual([
			'2026-05-13',
			'2026-05-16',
			'2026-05-23'
		]);
	});

	it('does not send on a weekend, and catches up on the next working day', () => {
		const everyDay = { ...policy, workingDaysOnly: false };
		const req = request('2026-04-20', '2026-05-16');
		expect(reminderDecision(req, active, everyDay, '2026-05-16').due).toBe(true);
		// The pass did not run on Friday 15 May: Saturday sends nothing, Monday sends one.
		expect(reminderDecision(req, active, policy, '2026-05-16')).toEqual({
			due: false,
			reason: 'not-yet',
			next: '2026-05-18'
		});
		expect(reminderDecision(req, active, policy, '2026-05-18')).toEqual({
			due: true,
			scheduledFor: '2026-05-15'
		});
	});
});

describe('catch-up after downtime', () => {
	const req = request('2026-04-20', '2026-05-15');

	it('sends one reminder for all the dates missed, not one per date', () => {
		// Down from 1 May to 27 May: 12, 15 and 22 May were missed.
		expect(reminderDecision(req, active, policy, '2026-05-27')).toEqual({
			due: true,
			scheduledFor: '2026-05-22'
		});
		expect(replay(req, '2026-05-27', '2026-06-30')).toEqual([
			'2026-05-27',
			'2026-05-29',
			'2026-06-05',
			'2026-06-12'
		]);
	});

	it('is satisfied by a reminder sent by hand since the scheduled date', () => {
		const byHand = { ...req, remindersSent: [sentOn('2026-05-13', '16:40')] };
		expect(reminderDecision(byHand, active, policy, '2026-05-14')).toEqual({
			due: false,
			reason: 'not-yet',
			next: '2026-05-15'
		});
		const sameDay = { ...req, remindersSent: [sentOn('2026-05-15', '08:10')] };
		expect(reminderDecision(sameDay, active, policy, '2026-05-15').due).toBe(false);
	});
});

describe('pauses', () => {
	const req = request('2026-04-20', '2026-05-15');

	it('sends nothing while the client is paused without an end', () => {
		const paused = { paused: true, pausedUntil: null };
		expect(reminderDecision(req, paused, policy, '2026-05-15')).toEqual({
			due: false,
			reason: 'paused',
			next: null
		});
	});

	it('sends nothing through the end date included, then one reminder the next working day', () => {
		const until = { paused: true, pausedUntil: '2026-05-22' };
		expect(reminderDecision(req, until, policy, '2026-05-12')).toEqual({
			due: false,
			reason: 'not-yet',
			// Monday 25 May is Whit Monday.
			next: '2026-05-26'
		});
		expect(reminderDecision(req, until, policy, '2026-05-22').due).toBe(false);
		expect(replay(req, '2026-05-01', '2026-06-01', until)).toEqual(['2026-05-26', '2026-05-29']);
	});

	it('ignores an end date once the pause is lifted', () => {
		const lifted = { paused: false, pausedUntil: '2026-05-22' };
		expect(reminderDecision(req, lifted, policy, '2026-05-15').due).toBe(true);
	});
});

describe('stop rules', () => {
	const req = request('2026-04-20', '2026-05-15');

	it('never reminds a request the client marked done, nor any status not awaiting the client', () => {
		for (const status of ['done', 'validated', 'not_applicable', 'lost', 'to_review']) {
			expect(reminderDecision({ ...req, status }, active, policy, '2026-05-15')).toEqual({
				due: false,
				reason: 'not-awaiting',
				next: null
			});
		}
		expect(
			reminderDecision({ ...req, status: 'in_progress' }, active, policy, '2026-05-15').due
		).toBe(true);
		expect(isAwaitingClient('todo')).toBe(true);
		expect(isAwaitingClient('done')).toBe(false);
	});

	it('never reminds a request opted out, nor any when the firm turned reminders off', () => {
		expect(
			reminderDecision({ ...req, optedOut: true }, active, policy, '2026-05-15')
		).toMatchObject({ due: false, reason: 'opted-out' });
		expect(
			reminderDecision(req, active, { ...policy, enabled: false }, '2026-05-15')
		).toMatchObject({ due: false, reason: 'disabled' });
	});

	it('stops at the firm’s maximum', () => {
		const two = { ...policy, maxPerRequest: 2 };
		expect(replay(req, '2026-04-20', '2026-07-31', active, two)).toEqual([
			'2026-05-12',
			'2026-05-15'
		]);
	});
});

describe('the daily pass’s shortcut', () => {
	it('decides as the full schedule does, for requests sent long ago and short intervals', () => {
		const policies = [
			policy,
			{ ...policy, repeatAfterDueDays: 1, repeatWithoutDueDays: 2, daysBeforeDue: 0 },
			{ ...policy, repeatAfterDueDays: 3, firstAfterSentDays: 1, workingDaysOnly: false }
		];
		const today = '2026-05-12';
		let checked = 0;
		for (let i = 0; i < 600; i++) {
			const p = policies[i % policies.length]!;
			const sent = nextDays('2024-01-01', (i * 37) % 860);
			const due = i % 3 === 0 ? null : nextDays('2024-01-01', (i * 53) % 900);
			const req = request(sent, due, { remindersSent: i % 4 ? [] : [sentOn(nextDays(sent, 9))] });
			const full = reminderSchedule(req, p, '2027-12-31');
			const lastSent = req.remindersSent.length ? nextDays(sent, 9) : null;
			const pending = full.filter((d) => d <= today).at(-1);
			const decision = reminderDecision(req, active, { ...p, maxPerRequest: 20 }, today);
			if (pending !== undefined && (lastSent === null || pending > lastSent)) {
				expect(decision).toEqual({ due: true, scheduledFor: pending });
			} else {
				const floor = lastSent !== null && lastSent > today ? lastSent : today;
				expect(decision).toEqual({
					due: false,
					reason: 'not-yet',
					next: full.find((d) => d > floor) ?? null
				});
			}
			checked++;
		}
		expect(checked).toBe(600);
	});
});

function nextDays(date: string, days: number): string {
	return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
}
