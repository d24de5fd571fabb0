import { describe, expect, it } from 'vitest';
import {
	checkClientDueDay,
	DEFAULT_RECURRING_RULES,
	validateRecurringRules
} from './recurring-rules.ts';

describe('validateRecurringRules', () => {
	it('reads the settings form (strings, an unchecked box absent)', () => {
		expect(
			validateRecurringRules({
				vatEnabled: 'on',
				vatLeadDays: '3',
				vatDueDay: '19',
				bilanLeadDays: '0'
			})
		).toEqual({
			ok: true,
			value: {
				vatEnabled: true,
				vatLeadDays: 3,
				vatDueDay: 19,
				bilanEnabled: false,
				bilanLeadDays: 0,
				region: null
			}
		});
	});

	it('accepts its own defaults as JSON', () => {
		expect(validateRecurringRules({ ...DEFAULT_RECURRING_RULES })).toEqual({
			ok: true,
			value: DEFAULT_RECURRING_RULES
		});
	});

	it('says in French what is wrong with each field', () => {
		const result = validateRecurringRules({
			vatEnabled: 'maybe',
			vatLeadDays: '-1',
			vatDueDay: '31',
			bilanEnabled: true,
			bilanLeadDays: '2.5',
			region: 'XX'
		});
		expect(result).toEqual({
			ok: false,
			errors: {
				vatEnabled: 'Valeur invalide.',
				vatLeadDays: 'L’avance doit être un nombre entier de jours entre 0 et 90.',
				vatDueDay: 'Le jour d’échéance doit être un nombre entier entre 1 et 28.',
				bilanLeadDays: 'L’avance doit être un nombre entier de jours entre 0 et 90.',
				region: 'Région inconnue.'
			}
		});
	});

	it('takes an Alsace-Moselle or overseas region', () => {
		const result = validateRecurringRules({ ...DEFAULT_RECURRING_RULES, region: '67' });
		expect(result.ok && result.value.region).toBe('67');
	});
});

describe('checkClientDueDay', () => {
	it('blank is the firm’s default', () => {
		expect(checkClientDueDay('')).toEqual({ ok: true, value: null });
		expect(checkClientDueDay(undefined)).toEqual({ ok: true, value: null });
		expect(checkClientDueDay('24')).toEqual({ ok: true, value: 24 });
		expect(checkClientDueDay('0').ok).toBe(false);
	});
});
