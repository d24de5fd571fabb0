import { describe, expect, it } from 'vitest';
import { frenchDate, isClockTime, parisClockTime, parisDate, parisInstant } from './paris-time.ts';

const iso = (instant: number) => new Date(instant).toISOString();

describe('parisInstant', () => {
	it('is 08:00 UTC in winter and 07:00 UTC in summer for 09:00 Paris', () => {
		expect(iso(parisInstant('2026-01-15', '09:00'))).toBe('2026-01-15T08:00:00.000Z');
		expect(iso(parisInstant('2026-07-15', '09:00'))).toBe('2026-07-15T07:00:00.000Z');
	});

	it('follows the DST change days themselves (29 March and 25 October 2026)', () => {
		expect(iso(parisInstant('2026-03-28', '09:00'))).toBe('2026-03-28T08:00:00.000Z');
		expect(iso(parisInstant('2026-03-29', '09:00'))).toBe('2026-03-29T07:00:00.000Z');
		expect(iso(parisInstant('2026-10-24', '09:00'))).toBe('2026-10-24T07:00:00.000Z');
		expect(iso(parisInstant('2026-10-25', '09:00'))).toBe('2026-10-25T08:00:00.000Z');
		expect(iso(parisInstant('2027-03-28', '09:00'))).toBe('2027-03-28T07:00:00.000Z');
	});

	it('reads a time skipped in spring as just after the gap, a repeated one as its first', () => {
		expect(iso(parisInstant('2026-03-29', '02:30'))).toBe('2026-03-29T01:30:00.000Z');
		expect(iso(parisInstant('2026-10-25', '02:30'))).toBe('2026-10-25T00:30:00.000Z');
	});

	it('handles midnight and the last minute of the day', () => {
		expect(iso(parisInstant('2026-01-01', '00:00'))).toBe('2025-12-31T23:00:00.000Z');
		expect(iso(parisInstant('2026-06-30', '23:59'))).toBe('2026-06-30T21:59:00.000Z');
	});
});

describe('parisDate and parisClockTime', () => {
	it('give the Paris calendar day, which differs from the UTC day near midnight', () => {
		expect(parisDate(Date.parse('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
		expect(parisDate(Date.parse('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
		expect(parisDate(Date.parse('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
		expect(parisClockTime(Date.parse('2026-10-25T08:00:00Z'))).toBe('09:00');
	});

	it('round-trip with parisInstant across both DST changes', () => {
		for (const date of ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31']) {
			const instant = parisInstant(date, '09:00');
			expect(parisDate(instant)).toBe(date);
			expect(parisClockTime(instant)).toBe('09:00');
		}
	});
});

describe('isClockTime and frenchDate', () => {
	it('accepts HH:MM only', () => {
		expect(isClockTime('09:00')).toBe(true);
		expect(isClockTime('23:59')).toBe(true);
		expect(isClockTime('24:00')).toBe(false);
		expect(isClockTime('9:00')).toBe(false);
		expect(isClockTime(900)).toBe(false);
	});

	it('writes dates the French way', () => {
		expect(frenchDate('2026-05-12')).toBe('12/05/2026');
	});
});
