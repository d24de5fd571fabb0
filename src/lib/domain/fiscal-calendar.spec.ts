import { describe, expect, it } from 'vitest';
import {
	obligationsOf,
	periodOf,
	periodsDue,
	periodsOn,
	recurringTaskInput,
	type FiscalClient,
	type FiscalPeriod
} from './fiscal-calendar.ts';
import { DEFAULT_RECURRING_RULES, type RecurringRules } from './recurring-rules.ts';
import { validateTaskInput } from './task.ts';
import { addDays } from './working-days.ts';

const rules = (patch: Partial<RecurringRules> = {}): RecurringRules => ({
	...DEFAULT_RECURRING_RULES,
	...patch
});
const client = (patch: Partial<FiscalClient> = {}): FiscalClient => ({
	id: 'c_alterce',
	vatRegime: 'mensuel',
	closingDate: '12-31',
	...patch
});
const vat = (c: FiscalClient, date: string, r = rules()) => periodOf(c, 'TVA', date, r);
const bilan = (c: FiscalClient, date: string, r = rules()) => periodOf(c, 'BILAN', date, r);
const dates = (p: FiscalPeriod | null) =>
	p && { key: p.key, start: p.start, end: p.end, createOn: p.createOn, dueDate: p.dueDate };

describe('TVA mensuelle (CA3)', () => {
	it('« TVA 11/2026 » covers November, is created on 1 December and due on the 19th, moved off the Saturday', () => {
		const period = vat(client(), '2026-11-15');
		expect(period).toMatchObject({
			key: 'TVA:2026-11',
			label: 'TVA 11/2026',
			form: 'CA3',
			category: 'TVA',
			taskPeriod: '2026-11',
			start: '2026-11-01',
			end: '2026-11-30',
			closesOn: '2026-12-01',
			createOn: '2026-12-01',
			// 19 December 2026 is a Saturday.
			dueDate: '2026-12-21'
		});
	});

	it('is created earlier with lead days', () => {
		expect(vat(client(), '2026-11-15', rules({ vatLeadDays: 3 }))?.createOn).toBe('2026-11-28');
	});

	it('takes the client’s own day over the firm’s', () => {
		expect(vat(client(), '2026-12-02')?.dueDate).toBe('2027-01-19');
		expect(vat(client({ vatDueDay: 24 }), '2026-12-02')?.dueDate).toBe('2027-01-25');
		expect(vat(client({ vatDueDay: null }), '2026-12-02')?.dueDate).toBe('2027-01-19');
	});

	it.each([
		['1 May', '2026-04-10', 1, '2026-05-04'],
		['14 July', '2026-06-10', 14, '2026-07-15'],
		['Easter Monday', '2026-03-10', 6, '2026-04-07'],
		['Christmas on a Friday', '2026-11-10', 25, '2026-12-28'],
		['1 November on a Sunday', '2026-10-10', 1, '2026-11-02'],
		['Ascension Thursday', '2026-04-10', 14, '2026-05-15']
	])('a deadline on %s moves to the next working day', (_, date, dueDay, expected) => {
		expect(vat(client(), date, rules({ vatDueDay: dueDay }))?.dueDate).toBe(expected);
	});

	it('uses the firm’s region for its holidays (Good Friday in Moselle)', () => {
		const march = (region: RecurringRules['region']) =>
			vat(client(), '2026-03-10', rules({ vatDueDay: 3, region }))?.dueDate;
		expect(march(null)).toBe('2026-04-03');
		// Good Friday, then the weekend, then Easter Monday.
		expect(march('57')).toBe('2026-04-07');
	});

	it('February has 29 days in a leap year', () => {
		expect(dates(vat(client(), '2028-02-10'))).toEqual({
			key: 'TVA:2028-02',
			start: '2028-02-01',
			end: '2028-02-29',
			createOn: '2028-03-01',
			dueDate: '2028-03-20'
		});
		expect(vat(client(), '2027-02-10')?.end).toBe('2027-02-28');
	});
});

describe('TVA trimestrielle (CA3)', () => {
	const quarterly = client({ vatRegime: 'trimestriel' });

	it('« TVA T4 2026 » covers October to December and is due in January', () => {
		expect(vat(quarterly, '2026-10-01')).toMatchObject({
			key: 'TVA:2026-T4',
			label: 'TVA T4 2026',
			form: 'CA3',
			taskPeriod: null,
			start: '2026-10-01',
			end: '2026-12-31',
			createOn: '2027-01-01',
			dueDate: '2027-01-19'
		});
	});

	it.each([
		['2027-01-01', 'TVA:2027-T1', '2027-03-31'],
		['2027-03-31', 'TVA:2027-T1', '2027-03-31'],
		['2027-04-01', 'TVA:2027-T2', '2027-06-30'],
		['2027-09-30', 'TVA:2027-T3', '2027-09-30']
	])('%s belongs to %s', (date, key, end) => {
		expect(vat(quarterly, date)).toMatchObject({ key, end });
	});
});

describe('TVA annuelle (CA12)', () => {
	it('for a 31/12 closing: the calendar year, due the second working day after 1 May', () => {
		expect(vat(client({ vatRegime: 'annuel' }), '2026-06-15')).toMatchObject({
			key: 'TVA:2026',
			label: 'TVA 2026',
			form: 'CA12',
			taskPeriod: '2026',
			start: '2026-01-01',
			end: '2026-12-31',
			createOn: '2027-01-01',
			// 1 May 2027 is a Saturday: Monday 3, Tuesday 4.
			dueDate: '2027-05-04'
		});
	});

	it('for another closing: the exercice, due three months after it closes (CA12E)', () => {
		const june = client({ vatRegime: 'annuel', closingDate: '06-30' });
		expect(dates(vat(june, '2026-06-30'))).toEqual({
			key: 'TVA:2026',
			start: '2025-07-01',
			end: '2026-06-30',
			createOn: '2026-07-01',
			dueDate: '2026-09-30'
		});
		expect(vat(june, '2026-07-01')?.key).toBe('TVA:2027');
	});
});

describe('franchise en base', () => {
	it('files no VAT return, but still has its Bilan', () => {
		const franchise = client({ vatRegime: 'franchise' });
		expect(vat(franchise, '2026-11-15')).toBeNull();
		expect(obligationsOf(franchise)).toEqual(['BILAN']);
		expect(bilan(franchise, '2026-11-15')?.key).toBe('BILAN:2026');
	});
});

describe('Bilan (liasse fiscale)', () => {
	it.each([
		// 1 May 2026 is a Friday: Monday 4, Tuesday 5.
		[2025, '2026-05-05'],
		// 1 May 2025 is a Thursday: Friday 2, Monday 5.
		[2024, '2025-05-05'],
		// 1 May 2028 is a Monday: Tuesday 2, Wednesday 3.
		[2027, '2028-05-03']
	])('a 31/12 closing in %i is due on %s', (year, due) => {
		expect(bilan(client(), `${year}-06-01`)).toMatchObject({
			key: `BILAN:${year}`,
			label: `Bilan ${year}`,
			form: 'LIASSE',
			category: 'Bilan',
			taskPeriod: String(year),
			start: `${year}-01-01`,
			end: `${year}-12-31`,
			createOn: `${year + 1}-01-01`,
			dueDate: due
		});
	});

	it.each([
		['06-30', '2025-07-01', '2026-06-30', '2026-09-30'],
		['03-31', '2025-04-01', '2026-03-31', '2026-06-30'],
		['09-30', '2025-10-01', '2026-09-30', '2026-12-31'],
		['01-31', '2025-02-01', '2026-01-31', '2026-04-30'],
		// Mid-month: the same day three months on.
		['06-15', '2025-06-16', '2026-06-15', '2026-09-15'],
		// 28 February 2027 is a Sunday.
		['11-30', '2025-12-01', '2026-11-30', '2027-03-01']
	])('a %s closing: the exercice %s → %s, due %s', (closingDate, start, end, due) => {
		expect(dates(bilan(client({ closingDate }), end))).toEqual({
			key: 'BILAN:2026',
			start,
			end,
			createOn: addDays(end, 1),
			dueDate: due
		});
	});

	it('moves a deadline three months on from a Saturday to the Monday', () => {
		// 30 June 2029 is a Saturday.
		expect(bilan(client({ closingDate: '03-31' }), '2029-03-01')?.dueDate).toBe('2029-07-02');
	});

	it('closes at the end of February: the 29th in leap years, the 28th otherwise', () => {
		const february = client({ closingDate: '02-28' });
		expect(dates(bilan(february, '2028-02-29'))).toEqual({
			key: 'BILAN:2028',
			start: '2027-03-01',
			end: '2028-02-29',
			createOn: '2028-03-01',
			dueDate: '2028-05-31'
		});
		expect(dates(bilan(february, '2027-02-28'))).toEqual({
			key: 'BILAN:2027',
			start: '2026-03-01',
			end: '2027-02-28',
			createOn: '2027-03-01',
			dueDate: '2027-05-31'
		});
		expect(bilan(february, '2028-03-01')?.key).toBe('BILAN:2029');
		// A 29/02 from older data means the same.
		expect(dates(bilan(client({ closingDate: '02-29' }), '2027-01-10'))).toEqual(
			dates(bilan(february, '2027-01-10'))
		);
	});

	it('a 30/11 closing is due at the end of February, the 29th in a leap year', () => {
		expect(bilan(client({ closingDate: '11-30' }), '2027-11-30')?.dueDate).toBe('2028-02-29');
	});

	it('takes its own lead days', () => {
		const lead = rules({ bilanLeadDays: 10, vatLeadDays: 2 });
		expect(bilan(client(), '2026-03-01', lead)?.createOn).toBe('2026-12-22');
	});
});

describe('periodsOn', () => {
	it('names the periods a date belongs to, one per obligation', () => {
		const keys = (c: FiscalClient, date: string) => periodsOn(c, date).map((p) => p.key);
		expect(keys(client(), '2026-12-31')).toEqual(['TVA:2026-12', 'BILAN:2026']);
		expect(keys(client(), '2027-01-01')).toEqual(['TVA:2027-01', 'BILAN:2027']);
		expect(keys(client({ vatRegime: 'trimestriel', closingDate: '09-30' }), '2026-10-01')).toEqual([
			'TVA:2026-T4',
			'BILAN:2027'
		]);
		expect(keys(client({ vatRegime: 'franchise' }), '2026-05-01')).toEqual(['BILAN:2026']);
	});
});

describe('periodsDue', () => {
	it('gives « TVA 11/2026 » on 1 December 2026, keyed by client and period', () => {
		const due = periodsDue(client(), rules(), '2026-12-01', '2026-12-01');
		expect(due.map((p) => p.idempotencyKey)).toEqual(['c_alterce:TVA:2026-11']);
		expect(due[0]).toMatchObject({ clientId: 'c_alterce', label: 'TVA 11/2026' });
	});

	it('gives it on 28 November with three lead days, and not again on 1 December', () => {
		const lead = rules({ vatLeadDays: 3 });
		expect(periodsDue(client(), lead, '2026-11-28', '2026-11-28').map((p) => p.key)).toEqual([
			'TVA:2026-11'
		]);
		expect(periodsDue(client(), lead, '2026-11-29', '2026-12-01')).toEqual([]);
	});

	it('over a year: twelve CA3 and one Bilan, by creation date', () => {
		const due = periodsDue(client(), rules(), '2027-01-01', '2027-12-31');
		expect(due.map((p) => p.key)).toEqual([
			'BILAN:2026',
			'TVA:2026-12',
			...Array.from({ length: 11 }, (_, i) => `TVA:2027-${String(i + 1).padStart(2, '0')}`)
		]);
	});

	it('leaves out the rules the firm turned off', () => {
		const year = (r: RecurringRules) =>
			periodsDue(client(), r, '2027-01-01', '2027-12-31').map((p) => p.obligation);
		expect(new Set(year(rules({ vatEnabled: false })))).toEqual(new Set(['BILAN']));
		expect(new Set(year(rules({ bilanEnabled: false })))).toEqual(new Set(['TVA']));
		expect(year(rules({ vatEnabled: false, bilanEnabled: false }))).toEqual([]);
	});

	it.each([
		['mensuel', '12-31', 0],
		['trimestriel', '06-30', 5],
		['annuel', '09-30', 15],
		['franchise', '02-28', 0]
	] as const)(
		'%s, closing %s, lead %i: day-by-day passes give each period once, as one long pass does',
		(vatRegime, closingDate, lead) => {
			const c = client({ vatRegime, closingDate });
			const r = rules({ vatLeadDays: lead, bilanLeadDays: lead });
			const daily: string[] = [];
			for (let day = '2027-01-01'; day <= '2029-12-31'; day = addDays(day, 1)) {
				for (const period of periodsDue(c, r, day, day)) {
					expect(period.createOn).toBe(day);
					daily.push(period.idempotencyKey);
				}
			}
			const whole = periodsDue(c, r, '2027-01-01', '2029-12-31').map((p) => p.idempotencyKey);
			expect(daily).toEqual(whole);
			expect(new Set(whole).size).toBe(whole.length);
		}
	);

	it('builds a valid task input for the client’s collaborator', () => {
		const [period] = periodsDue(client(), rules(), '2026-12-01', '2026-12-01');
		const input = recurringTaskInput(period!, 'u_paul');
		expect(input).toEqual({
			title: 'TVA 11/2026',
			clientId: 'c_alterce',
			assigneeId: 'u_paul',
			dueDate: '2026-12-21',
			category: 'TVA',
			period: '2026-11'
		});
		expect(validateTaskInput(input).ok).toBe(true);
	});
});
