import { describe, expect, it } from 'vitest';
import { dailyAtUtc, every } from './recurrence.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('dailyAtUtc', () => {
	const purge = dailyAtUtc(3, 30);

	it('is later the same day before the hour, the next day from the hour on', () => {
		expect(iso(purge(at('2026-05-12T01:00:00Z')))).toBe('2026-05-12T03:30:00.000Z');
		expect(iso(purge(at('2026-05-12T03:30:00Z')))).toBe('2026-05-13T03:30:00.000Z');
		expect(iso(purge(at('2026-05-12T23:59:59.999Z')))).toBe('2026-05-13T03:30:00.000Z');
	});

	it('refuses what is not an hour of the day', () => {
		expect(() => dailyAtUtc(24)).toThrow(RangeError);
		expect(() => dailyAtUtc(3, 60)).toThrow(RangeError);
		expect(() => dailyAtUtc(2.5)).toThrow(RangeError);
	});
});

describe('every', () => {
	it('lands on multiples of the period, strictly after', () => {
		const fiveMinutes = every(300_000);
		expect(iso(fiveMinutes(at('2026-05-12T10:02:00Z')))).toBe('2026-05-12T10:05:00.000Z');
		expect(iso(fiveMinutes(at('2026-05-12T10:05:00Z')))).toBe('2026-05-12T10:10:00.000Z');
	});

	it('refuses a period that is not positive', () => {
		expect(() => every(0)).toThrow(RangeError);
	});
});
