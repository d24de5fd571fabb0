import { describe, expect, it } from 'vitest';
import { fieldOf, list, optional, parseEntity, required, requiredFields } from './fields.ts';
import { isId } from './ids.ts';

const isCount = (value: unknown): value is number => Number.isInteger(value);
const isItem = (value: unknown) => (typeof value === 'string' ? { label: value } : null);
const TABLE = {
	id: required(isId),
	count: optional(isCount),
	items: list(isItem)
} as const;

describe('parseEntity', () => {
	it('reads every field of the table, absent optional ones as null', () => {
		expect(parseEntity(TABLE, { id: 'a', count: 2, items: ['x'] })).toEqual({
			id: 'a',
			count: 2,
			items: [{ label: 'x' }]
		});
		expect(parseEntity(TABLE, { id: 'a', items: [] })).toEqual({ id: 'a', count: null, items: [] });
	});

	it('drops fields the table does not name, and malformed list items', () => {
		expect(parseEntity(TABLE, { id: 'a', items: ['x', 3], taskId: 't1' })).toEqual({
			id: 'a',
			count: null,
			items: [{ label: 'x' }]
		});
	});

	it('refuses a missing required field, an invalid value or a list that is not one', () => {
		expect(parseEntity(TABLE, { items: [] })).toBeNull();
		expect(parseEntity(TABLE, { id: 'a', count: 1.5, items: [] })).toBeNull();
		expect(parseEntity(TABLE, { id: 'a' })).toBeNull();
		expect(parseEntity(TABLE, [{ id: 'a', items: [] }])).toBeNull();
	});

	it('never reads a field from the prototype', () => {
		const inherited = Object.assign(Object.create({ id: 'a' }) as object, { items: [] });
		expect(parseEntity(TABLE, inherited)).toBeNull();
	});
});

describe('fieldOf and requiredFields', () => {
	it('know only the fields the table names', () => {
		expect(fieldOf(TABLE, 'count')).toBe(TABLE.count);
		for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
			expect(fieldOf(TABLE, name)).toBeUndefined();
		}
		expect(requiredFields(TABLE)).toEqual(['id', 'items']);
	});
});
