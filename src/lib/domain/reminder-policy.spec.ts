import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_POLICY, validateReminderPolicy } from './reminder-policy.ts';

/** The defaults as the settings form posts them: strings, checked boxes as `on`. */
const form = {
	enabled: 'on',
	daysBeforeDue: '3',
	onDueDate: 'on',
	repeatAfterDueDays: '7',
	firstAfterSentDays: '7',
	repeatWithoutDueDays: '7',
	maxPerRequest: '4',
	hour: '09:00',
	workingDaysOnly: 'on'
};

describe('validateReminderPolicy', () => {
	it('reads the form and JSON alike', () => {
		expect(validateReminderPolicy(form)).toEqual({ ok: true, value: DEFAULT_REMINDER_POLICY });
		expect(validateReminderPolicy({ ...DEFAULT_REMINDER_POLICY })).toEqual({
			ok: true,
			value: DEFAULT_REMINDER_POLICY
		});
	});

	it('reads an unchecked box (absent) as off, and drops the seconds of a time input', () => {
		const { enabled: _enabled, ...rest } = form;
		const result = validateReminderPolicy({ ...rest, hour: '08:30:00' });
		expect(result).toMatchObject({ ok: true, value: { enabled: false, hour: '08:30' } });
	});

	it('accepts no reminder before the due date', () => {
		expect(validateReminderPolicy({ ...form, daysBeforeDue: '0' })).toMatchObject({
			ok: true,
			value: { daysBeforeDue: 0 }
		});
	});

	it('says in French what is wrong with each field', () => {
		const result = validateReminderPolicy({
			...form,
			daysBeforeDue: '31',
			repeatAfterDueDays: '0',
			firstAfterSentDays: '2,5',
			repeatWithoutDueDays: 'sept',
			maxPerRequest: '',
			hour: '25:00',
			onDueDate: 'peut-être'
		});
		expect(result).toEqual({
			ok: false,
			errors: {
				daysBeforeDue: 'Le nombre de jours avant l’échéance doit être compris entre 0 et 30 jours.',
				repeatAfterDueDays:
					'L’intervalle entre deux relances après l’échéance doit être compris entre 1 et 90 jours.',
				firstAfterSentDays:
					'Le délai de la première relance sans échéance doit être un nombre entier.',
				repeatWithoutDueDays:
					'L’intervalle entre deux relances sans échéance doit être un nombre entier.',
				maxPerRequest: 'Le nombre maximum de relances par demande est obligatoire.',
				hour: 'L’heure d’envoi doit être au format HH:MM, par exemple 09:00.',
				onDueDate: 'Valeur invalide : cochez ou décochez la case.'
			}
		});
	});

	it('bounds the maximum per request without a unit', () => {
		expect(validateReminderPolicy({ ...form, maxPerRequest: 21 })).toEqual({
			ok: false,
			errors: {
				maxPerRequest: 'Le nombre maximum de relances par demande doit être compris entre 1 et 20.'
			}
		});
		expect(validateReminderPolicy({ ...form, maxPerRequest: 1.5 })).toMatchObject({ ok: false });
		expect(validateReminderPolicy({ ...form, maxPerRequest: Number.NaN })).toMatchObject({
			ok: false
		});
	});

	it('refuses what is not a form', () => {
		expect(validateReminderPolicy('on')).toEqual({
			ok: false,
			errors: { form: 'Données invalides.' }
		});
	});
});
