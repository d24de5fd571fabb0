import { describe, expect, it } from 'vitest';
import { calendarChange, isNoChange } from './calendar-changes.ts';
import type { FiscalClient } from './fiscal-calendar.ts';
import { DEFAULT_RECURRING_RULES } from './recurring-rules.ts';

const rules = DEFAULT_RECURRING_RULES;
const monthly: FiscalClient = { id: 'c_1', vatRegime: 'mensuel', closingDate: '12-31' };
const keys = (periods: { key: string }[]) => periods.map((p) => p.key);

describe('calendarChange', () => {
	it('a switch to quarterly on 15 November drops the months to come, keeps October, adds the quarters', () => {
		const change = calendarChange(
			monthly,
			{ ...monthly, vatRegime: 'trimestriel' },
			rules,
			'2026-11-15'
		);
		expect(keys(change.removed)).toContain('TVA:2026-11');
		expect(keys(change.removed)).toContain('TVA:2026-12');
		// Created on 1 November: it stays.
		expect(keys(change.removed)).not.toContain('TVA:2026-10');
		expect(keys(change.added).slice(0, 2)).toEqual(['TVA:2026-T4', 'TVA:2027-T1']);
		expect(change.moved).toEqual([]);
		expect(change.unscheduled).toEqual([]);
	});

	it('a period created today counts as created', () => {
		const change = calendarChange(
			monthly,
			{ ...monthly, vatRegime: 'franchise' },
			rules,
			'2026-12-01'
		);
		expect(keys(change.removed)).not.toContain('TVA:2026-11');
		expect(keys(change.removed)[0]).toBe('TVA:2026-12');
		expect(change.added).toEqual([]);
	});

	it('a new closing before the Bilan is created moves it', () => {
		const change = calendarChange(
			monthly,
			{ ...monthly, closingDate: '06-30' },
			rules,
			'2026-03-01'
		);
		expect(change.moved).toHaveLength(1);
		const [{ before, after }] = change.moved as [(typeof change.moved)[number]];
		expect(before).toMatchObject({ key: 'BILAN:2026', end: '2026-12-31', dueDate: '2027-05-04' });
		expect(after).toMatchObject({ key: 'BILAN:2026', end: '2026-06-30', dueDate: '2026-09-30' });
		// VAT follows the calendar months, whatever the closing.
		expect(change.removed.concat(change.added).filter((p) => p.obligation === 'TVA')).toEqual([]);
	});

	it('a transitional exercice closing in the year of a created Bilan is reported, not silently lost', () => {
		const june = { ...monthly, closingDate: '06-30' };
		const change = calendarChange(june, monthly, rules, '2026-08-01');
		expect(keys(change.unscheduled)).toEqual(['BILAN:2026']);
		expect(keys(change.removed)).toEqual(['BILAN:2027']);
	});

	it('a client CA3 day moves the deadlines of the returns to come only', () => {
		const change = calendarChange(monthly, { ...monthly, vatDueDay: 24 }, rules, '2026-12-10');
		expect(change.moved[0]?.before).toMatchObject({ key: 'TVA:2026-12', dueDate: '2027-01-19' });
		expect(change.moved[0]?.after).toMatchObject({ key: 'TVA:2026-12', dueDate: '2027-01-25' });
		expect(change.moved.every(({ after }) => after.obligation === 'TVA')).toBe(true);
	});

	it('nothing changes when the record does not', () => {
		expect(isNoChange(calendarChange(monthly, { ...monthly }, rules, '2026-12-10'))).toBe(true);
		expect(
			isNoChange(calendarChange(monthly, { ...monthly, vatDueDay: 24 }, rules, '2026-12-10'))
		).toBe(false);
	});
});
