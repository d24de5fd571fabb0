import { describe, expect, it } from 'vitest';
import {
	addMonths,
	closingIn,
	exerciceOf,
	quarterOf,
	secondWorkingDayAfterMayFirst,
	shiftMonth
} from './fiscal-periods.ts';

describe('month arithmetic', () => {
	it.each([
		['2026-06-30', 3, '2026-09-30'],
		['2026-09-30', 3, '2026-12-31'],
		['2026-03-31', 3, '2026-06-30'],
		['2026-11-30', 3, '2027-02-28'],
		['2027-11-30', 3, '2028-02-29'],
		['2026-06-15', 3, '2026-09-15'],
		['2026-01-30', 1, '2026-02-28'],
		['2026-12-15', -12, '2025-12-15']
	])('%s + %i months = %s', (date, months, expected) => {
		expect(addMonths(date, months)).toBe(expected);
	});

	it('crosses years both ways', () => {
		expect(shiftMonth(2026, 12, 1)).toEqual([2027, 1]);
		expect(shiftMonth(2026, 1, -1)).toEqual([2025, 12]);
	});
});

describe('exercices', () => {
	it('closes at the end of February whatever the year', () => {
		expect(closingIn('02-28', 2028)).toBe('2028-02-29');
		expect(closingIn('02-28', 2100)).toBe('2100-02-28');
		expect(closingIn('02-29', 2027)).toBe('2027-02-28');
	});

	it('the closing day itself belongs to the exercice it ends', () => {
		expect(exerciceOf('06-30', '2026-06-30')).toEqual({ start: '2025-07-01', end: '2026-06-30' });
		expect(exerciceOf('06-30', '2026-07-01')).toEqual({ start: '2026-07-01', end: '2027-06-30' });
		expect(exerciceOf('12-31', '2026-01-01')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
	});

	it('quarters', () => {
		expect(quarterOf('2026-02-14')).toEqual({
			year: 2026,
			quarter: 1,
			start: '2026-01-01',
			end: '2026-03-31'
		});
		expect(quarterOf('2026-12-31').quarter).toBe(4);
	});
});

describe('secondWorkingDayAfterMayFirst', () => {
	it.each([
		[2025, '2025-05-05'],
		[2026, '2026-05-05'],
		[2027, '2027-05-04'],
		[2028, '2028-05-03'],
		// 1 May 2032 is a Saturday: Monday 3, Tuesday 4.
		[2032, '2032-05-04']
	])('%i: %s', (year, expected) => {
		expect(secondWorkingDayAfterMayFirst(year)).toBe(expected);
	});
});
