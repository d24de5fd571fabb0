import { describe, expect, it } from 'vitest';
import { fileSize, frenchDate } from './format.ts';

describe('format', () => {
	it('writes dates the French way', () => {
		expect(frenchDate('2019-05-19')).toBe('19/05/2019');
		expect(frenchDate(null)).toBe('—');
	});

	it('writes file sizes in French units', () => {
		expect(fileSize(850)).toBe('850 o');
		expect(fileSize(12 * 1024)).toBe('12 Ko');
		expect(fileSize(3.4 * 1024 * 1024)).toBe('3,4 Mo');
	});
});
