import { describe, expect, it } from 'vitest';
import type { FiscalClient } from './fiscal-calendar.ts';
import { passStart, periodsToCreate } from './recurring-pass.ts';
import { DEFAULT_RECURRING_RULES } from './recurring-rules.ts';

const monthly: FiscalClient = { id: 'c1', vatRegime: 'mensuel', closingDate: '12-31' };
const rules = { ...DEFAULT_RECURRING_RULES, bilanEnabled: false };
const keys = (lastDate: string | null, today: string, r = rules, client = monthly) =>
	periodsToCreate(client, r, lastDate, today).map((p) => p.key);

describe('recurring pass window', () => {
	it('starts the day after the last pass, or a month back for a firm’s first', () => {
		expect(passStart('2026-11-30', '2026-12-01')).toBe('2026-12-01');
		expect(passStart(null, '2026-12-01')).toBe('2026-11-02');
		expect(passStart(null, '2026-03-31')).toBe('2026-03-01');
		expect(passStart('2026-12-05', '2026-12-01')).toBeNull();
		expect(passStart('2020-01-01', '2026-12-01')).toBe('2025-11-30');
	});

	it('creates the month just closed on its first day, once the last pass saw the day before', () => {
		expect(keys('2026-11-30', '2026-12-01')).toEqual(['TVA:2026-11']);
		expect(keys('2026-12-01', '2026-12-02')).toEqual([]);
		expect(keys(null, '2026-12-24')).toEqual(['TVA:2026-11']);
		expect(keys('2026-11-15', '2026-11-15')).toEqual([]);
	});

	it('keeps a period a longer lead moved before the last pass, while it is open', () => {
		const lead = { ...rules, vatLeadDays: 10 };
		expect(keys('2026-11-24', '2026-11-25', lead)).toEqual(['TVA:2026-11']);
		// Again until it closes (its claim says it is done), then no more.
		expect(keys('2026-11-30', '2026-12-01', lead)).toEqual(['TVA:2026-11']);
		expect(keys('2026-12-01', '2026-12-02', lead)).toEqual([]);
		expect(keys('2026-12-21', '2026-12-22', lead)).toEqual(['TVA:2026-12']);
	});

	it('follows the record as it is now: a quarter after a switch from monthly', () => {
		const quarterly: FiscalClient = { ...monthly, vatRegime: 'trimestriel' };
		expect(keys('2026-12-31', '2027-01-01', rules, quarterly)).toEqual(['TVA:2026-T4']);
		expect(keys('2026-12-10', '2026-12-11', rules, quarterly)).toEqual([]);
	});
});
