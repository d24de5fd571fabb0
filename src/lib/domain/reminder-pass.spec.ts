import { describe, expect, it } from 'vitest';
import { nextReminderPass, reminderPassDate } from './reminder-pass.ts';

const policy = { hour: '09:00' };
const at = (iso: string) => Date.parse(iso);
const iso = (instant: number) => new Date(instant).toISOString();

describe('reminderPassDate', () => {
	it('is the Paris date from 09:00 Paris on, and nothing before', () => {
		expect(reminderPassDate(at('2026-01-15T07:59:59Z'), policy)).toBeNull();
		expect(reminderPassDate(at('2026-01-15T08:00:00Z'), policy)).toBe('2026-01-15');
		expect(reminderPassDate(at('2026-07-15T07:00:00Z'), policy)).toBe('2026-07-15');
		expect(reminderPassDate(at('2026-07-15T22:30:00Z'), policy)).toBeNull();
	});
});

describe('nextReminderPass', () => {
	it('is 09:00 Paris the same day before it, the next day after it', () => {
		expect(iso(nextReminderPass(at('2026-01-15T06:00:00Z'), policy))).toBe(
			'2026-01-15T08:00:00.000Z'
		);
		expect(iso(nextReminderPass(at('2026-01-15T08:00:00Z'), policy))).toBe(
			'2026-01-16T08:00:00.000Z'
		);
	});

	it('moves by 23 or 25 hours over the DST changes, staying at 09:00 Paris', () => {
		expect(iso(nextReminderPass(at('2026-03-28T08:00:00Z'), policy))).toBe(
			'2026-03-29T07:00:00.000Z'
		);
		expect(iso(nextReminderPass(at('2026-10-24T07:00:00Z'), policy))).toBe(
			'2026-10-25T08:00:00.000Z'
		);
	});
});
