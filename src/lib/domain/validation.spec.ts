import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids.ts';
import { isIsoDate, isPeriod, isTimestamp, textLength } from './validation.ts';

describe('ids', () => {
	it('makes fresh ids that pass isId', () => {
		const [a, b] = [newId(), newId()];
		expect(isId(a)).toBe(true);
		expect(a).not.toBe(b);
	});

	it.each(['', '.', '..', 'a/b', 'a b', 'a%2F', 'é', 'a'.repeat(65), 42, null])(
		'rejects %j',
		(value) => {
			expect(isId(value)).toBe(false);
		}
	);
});

describe('calendar helpers', () => {
	it('accepts only real calendar days', () => {
		expect(isIsoDate('2024-02-29')).toBe(true);
		expect(isIsoDate('2023-02-29')).toBe(false);
		expect(isIsoDate('2024-04-31')).toBe(false);
		expect(isIsoDate('1900-02-29')).toBe(false);
		expect(isIsoDate('2000-02-29')).toBe(true);
		expect(isIsoDate('2024-12-31')).toBe(true);
		expect(isIsoDate('0000-01-01')).toBe(true);
	});

	it('accepts years and months as periods', () => {
		expect([isPeriod('2025'), isPeriod('2025-09'), isPeriod('2025-9'), isPeriod(2025)]).toEqual([
			true,
			true,
			false,
			false
		]);
	});

	it('accepts ISO date-times with an offset', () => {
		expect(isTimestamp(new Date(0).toISOString())).toBe(true);
		expect(isTimestamp('2025-01-01T10:00+01:00')).toBe(true);
		expect(isTimestamp('2025-01-01T10:00:00')).toBe(false);
		expect(isTimestamp('2025-02-30T10:00:00Z')).toBe(false);
		expect(isTimestamp('2025-01-01T24:00:00Z')).toBe(false);
	});

	it('counts code points', () => {
		expect(textLength('😀é')).toBe(2);
	});
});
