import { accept, reject, validateAll, type FieldCheck, type Validation } from './validation.ts';
import { HOLIDAY_REGIONS, type HolidayRegion } from './working-days.ts';

/**
 * The firm's « Missions récurrentes » settings (administrators'): which obligations create their
 * tasks, how many days before a period closes, and the default CA3 day of the month.
 */
export interface RecurringRules {
	/** VAT returns (CA3 monthly or quarterly, CA12 yearly) create their task. */
	vatEnabled: boolean;
	/** A VAT task is created this many calendar days before its period closes (0: the day after it ends). */
	vatLeadDays: number;
	/** Day of the following month a CA3 is due, unless the client has its own. */
	vatDueDay: number;
	/** The liasse fiscale (« Bilan ») creates its task. */
	bilanEnabled: boolean;
	/** A Bilan task is created this many calendar days before the exercice closes. */
	bilanLeadDays: number;
	/** Where the firm is, for its public holidays; metropolitan France when absent. */
	region?: HolidayRegion | null;
}

/** A new firm's settings: both rules on, created when the period closes, CA3 due on the 19th. */
export const DEFAULT_RECURRING_RULES: Readonly<RecurringRules> = Object.freeze({
	vatEnabled: true,
	vatLeadDays: 0,
	vatDueDay: 19,
	bilanEnabled: true,
	bilanLeadDays: 0,
	region: null
});

/** Longest lead: a Bilan task may be prepared a quarter ahead, no more. */
export const LEAD_DAYS_MAX = 90;

/**
 * CA3 days run from the 15th to the 24th in practice; 1 to 28 leaves room and exists in every
 * month, so no deadline ever has to be clamped.
 */
export const DUE_DAY_MIN = 1;
export const DUE_DAY_MAX = 28;

/** Checks the settings form (strings from `FormData`, an unchecked box absent) or JSON. */
export function validateRecurringRules(input: unknown): Validation<RecurringRules> {
	return validateAll<RecurringRules>(input, {
		vatEnabled: checkSwitch,
		vatLeadDays: (raw) => checkLeadDays(raw),
		vatDueDay: (raw) => checkDueDay(raw),
		bilanEnabled: checkSwitch,
		bilanLeadDays: (raw) => checkLeadDays(raw),
		region: checkRegion
	});
}

/** A CA3 day of the month, {@link DUE_DAY_MIN} to {@link DUE_DAY_MAX}. */
export function checkDueDay(raw: unknown): FieldCheck<number> {
	const day = toInteger(raw);
	return day !== null && day >= DUE_DAY_MIN && day <= DUE_DAY_MAX
		? accept(day)
		: reject(
				`Le jour d’échéance doit être un nombre entier entre ${DUE_DAY_MIN} et ${DUE_DAY_MAX}.`
			);
}

/** A client's own CA3 day: blank means « the firm's default » (`null`). */
export function checkClientDueDay(raw: unknown): FieldCheck<number | null> {
	if (raw === undefined || raw === null || raw === '') return accept(null);
	return checkDueDay(raw);
}

function checkLeadDays(raw: unknown): FieldCheck<number> {
	const days = toInteger(raw);
	return days !== null && days >= 0 && days <= LEAD_DAYS_MAX
		? accept(days)
		: reject(`L’avance doit être un nombre entier de jours entre 0 et ${LEAD_DAYS_MAX}.`);
}

function checkSwitch(raw: unknown): FieldCheck<boolean> {
	if (raw === undefined || raw === false || raw === 'false' || raw === 'off') return accept(false);
	if (raw === true || raw === 'on' || raw === 'true') return accept(true);
	return reject('Valeur invalide.');
}

function checkRegion(raw: unknown): FieldCheck<HolidayRegion | null> {
	if (raw === undefined || raw === null || raw === '') return accept(null);
	return typeof raw === 'string' && (HOLIDAY_REGIONS as readonly string[]).includes(raw)
		? accept(raw as HolidayRegion)
		: reject('Région inconnue.');
}

function toInteger(raw: unknown): number | null {
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim()) : raw;
	return typeof value === 'number' && Number.isInteger(value) ? value : null;
}
