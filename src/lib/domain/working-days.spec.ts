import { describe, expect, it } from 'vitest';
import {
	addDays,
	addWorkingDays,
	daysBetween,
	frenchHolidays,
	holidayName,
	isWorkingDay,
	nextWorkingDay,
	previousWorkingDay,
	weekday,
	workingDayOnOrAfter,
	workingDayOnOrBefore
} from './working-days.ts';

describe('French public holidays', () => {
	it.each([
		['2026-01-01', 'Nouvel An'],
		['2026-04-06', 'Lundi de Pâques'],
		['2027-03-29', 'Lundi de Pâques'],
		['2026-05-01', 'Fête du travail'],
		['2026-05-08', 'Fête de la Victoire 1945'],
		['2026-05-14', 'Ascension'],
		['2027-05-06', 'Ascension'],
		['2026-05-25', 'Lundi de Pentecôte'],
		['2027-05-17', 'Lundi de Pentecôte'],
		['2026-07-14', 'Fête Nationale de la France'],
		['2026-08-15', 'Assomption'],
		['2026-11-01', 'Toussaint'],
		['2026-11-11', 'Armistice 1918'],
		['2026-12-25', 'Noël']
	])('%s is « %s », not a working day', (date, name) => {
		expect(holidayName(date)).toBe(name);
		expect(isWorkingDay(date)).toBe(false);
	});

	it('counts the eleven legal holidays a year, and no observance (Pentecost Sunday)', () => {
		expect(frenchHolidays(2026).size).toBe(11);
		expect(holidayName('2026-05-24')).toBeNull();
		expect(holidayName('2026-05-31')).toBeNull();
	});

	it('adds Good Friday and 26 December in Alsace-Moselle only', () => {
		expect(isWorkingDay('2026-04-03')).toBe(true);
		expect(isWorkingDay('2026-04-03', '67')).toBe(false);
		expect(isWorkingDay('2026-12-26', '57')).toBe(false);
	});
});

describe('weekdays and weekends', () => {
	it('numbers ISO weekdays', () => {
		expect(weekday('2026-05-11')).toBe(1);
		expect(weekday('2026-05-15')).toBe(5);
		expect(weekday('2026-05-16')).toBe(6);
		expect(weekday('2026-05-17')).toBe(7);
		expect(weekday('1970-01-01')).toBe(4);
	});

	it('works Monday to Friday and rests on Saturday and Sunday', () => {
		expect(isWorkingDay('2026-05-12')).toBe(true);
		expect(isWorkingDay('2026-05-16')).toBe(false);
		expect(isWorkingDay('2026-05-17')).toBe(false);
	});
});

describe('moving between working days', () => {
	it('skips a weekend and the holiday that follows it (Easter Monday)', () => {
		expect(nextWorkingDay('2026-04-03')).toBe('2026-04-07');
		expect(previousWorkingDay('2026-04-07')).toBe('2026-04-03');
	});

	it('skips the Ascension Thursday but not the Friday after it', () => {
		expect(nextWorkingDay('2026-05-13')).toBe('2026-05-15');
	});

	it('keeps a working day as it is, or moves to the nearest one in the asked direction', () => {
		expect(workingDayOnOrAfter('2026-05-12')).toBe('2026-05-12');
		expect(workingDayOnOrAfter('2026-05-16')).toBe('2026-05-18');
		expect(workingDayOnOrBefore('2026-05-16')).toBe('2026-05-15');
		expect(workingDayOnOrBefore('2026-05-25')).toBe('2026-05-22');
	});

	it('adds and subtracts working days across holidays and year ends', () => {
		expect(addWorkingDays('2026-04-30', 1)).toBe('2026-05-04');
		expect(addWorkingDays('2026-04-30', 5)).toBe('2026-05-11');
		expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-28');
		expect(addWorkingDays('2027-01-04', -1)).toBe('2026-12-31');
		expect(addWorkingDays('2026-05-16', 0)).toBe('2026-05-16');
	});

	it('does calendar arithmetic across months, years and leap days', () => {
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
		expect(daysBetween('2026-05-12', '2026-05-05')).toBe(-7);
	});

	it('agrees with Date on every day from 1999 to 2101', () => {
		const start = Date.UTC(1999, 0, 1);
		let date = '1999-01-01';
		for (let day = 0; day < 103 * 366; day++) {
			const expected = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
			if (date !== expected || daysBetween('1999-01-01', date) !== day) {
				expect([day, date]).toEqual([day, expected]);
			}
			date = addDays(date, 1);
		}
	});
});
