import { isClockTime } from './paris-time.ts';
import { accept, reject, validateAll, type FieldCheck, type Validation } from './validation.ts';

/**
 * The firm's reminder policy (« Relances », administrators' settings). Days are calendar days;
 * when `workingDaysOnly` is set, a reminder falling on a weekend or a public holiday moves to a
 * working day (see `reminders.ts` for which one).
 */
export interface ReminderPolicy {
	/** Automatic reminders on or off for the whole firm (« Relancer » by hand works either way). */
	enabled: boolean;
	/** For a request with a due date: a reminder this many days before it; 0 for none. */
	daysBeforeDue: number;
	/** A reminder on the due date itself. */
	onDueDate: boolean;
	/** After the due date, a reminder every this many days while the request is open. */
	repeatAfterDueDays: number;
	/** For a request without a due date: the first reminder this many days after it was sent… */
	firstAfterSentDays: number;
	/** …then one every this many days. */
	repeatWithoutDueDays: number;
	/** At most this many automatic reminders per request. */
	maxPerRequest: number;
	/** Paris wall-clock time of the daily pass, `HH:MM`. */
	hour: string;
	/** Never on Saturdays, Sundays and French public holidays. */
	workingDaysOnly: boolean;
}

/** The French defaults a new firm starts with. */
export const DEFAULT_REMINDER_POLICY: Readonly<ReminderPolicy> = Object.freeze({
	enabled: true,
	daysBeforeDue: 3,
	onDueDate: true,
	repeatAfterDueDays: 7,
	firstAfterSentDays: 7,
	repeatWithoutDueDays: 7,
	maxPerRequest: 4,
	hour: '09:00',
	workingDaysOnly: true
});

/** Bounds of each numeric setting: wide enough for any firm, narrow enough to catch typos. */
export const REMINDER_POLICY_LIMITS = {
	daysBeforeDue: { min: 0, max: 30 },
	repeatAfterDueDays: { min: 1, max: 90 },
	firstAfterSentDays: { min: 1, max: 90 },
	repeatWithoutDueDays: { min: 1, max: 90 },
	maxPerRequest: { min: 1, max: 20 }
} as const;

type NumericSetting = keyof typeof REMINDER_POLICY_LIMITS;

const LABELS: Record<NumericSetting, string> = {
	daysBeforeDue: 'Le nombre de jours avant l’échéance',
	repeatAfterDueDays: 'L’intervalle entre deux relances après l’échéance',
	firstAfterSentDays: 'Le délai de la première relance sans échéance',
	repeatWithoutDueDays: 'L’intervalle entre deux relances sans échéance',
	maxPerRequest: 'Le nombre maximum de relances par demande'
};

/**
 * Checks a policy from the settings form (strings from `FormData`, an unchecked box absent) or
 * from JSON (numbers and booleans), with one French message per field.
 */
export function validateReminderPolicy(input: unknown): Validation<ReminderPolicy> {
	return validateAll<ReminderPolicy>(input, {
		enabled: (raw) => checkSwitch(raw),
		daysBeforeDue: (raw) => checkSetting(raw, 'daysBeforeDue'),
		onDueDate: (raw) => checkSwitch(raw),
		repeatAfterDueDays: (raw) => checkSetting(raw, 'repeatAfterDueDays'),
		firstAfterSentDays: (raw) => checkSetting(raw, 'firstAfterSentDays'),
		repeatWithoutDueDays: (raw) => checkSetting(raw, 'repeatWithoutDueDays'),
		maxPerRequest: (raw) => checkSetting(raw, 'maxPerRequest'),
		hour: checkHour,
		workingDaysOnly: (raw) => checkSwitch(raw)
	});
}

function checkSetting(raw: unknown, setting: NumericSetting): FieldCheck<number> {
	const { min, max } = REMINDER_POLICY_LIMITS[setting];
	const unit = setting === 'maxPerRequest' ? '' : ' jours';
	const value = toNumber(raw);
	if (value === null) return reject(`${LABELS[setting]} est obligatoire.`);
	if (!Number.isInteger(value)) return reject(`${LABELS[setting]} doit être un nombre entier.`);
	if (value < min || value > max) {
		return reject(`${LABELS[setting]} doit être compris entre ${min} et ${max}${unit}.`);
	}
	return accept(value);
}

function toNumber(raw: unknown): number | null {
	if (typeof raw === 'number') return Number.isFinite(raw) ? raw : Number.NaN;
	if (typeof raw !== 'string' || raw.trim() === '') return null;
	const text = raw.trim();
	return /^-?\d+([.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : Number.NaN;
}

/** A checkbox: present (`on`) or `true` is on; absent, blank or `false` is off. */
function checkSwitch(raw: unknown): FieldCheck<boolean> {
	if (raw === true || raw === 'on' || raw === 'true') return accept(true);
	if (raw === false || raw === undefined || raw === null || raw === '' || raw === 'false') {
		return accept(false);
	}
	return reject('Valeur invalide : cochez ou décochez la case.');
}

function checkHour(raw: unknown): FieldCheck<string> {
	if (raw === undefined || raw === null || raw === '') {
		return reject('L’heure d’envoi est obligatoire.');
	}
	const text = typeof raw === 'string' ? raw.trim() : '';
	// `<input type="time">` may send seconds (`09:00:00`): they are dropped.
	const time = /^\d{2}:\d{2}:00$/.test(text) ? text.slice(0, 5) : text;
	return isClockTime(time)
		? accept(time)
		: reject('L’heure d’envoi doit être au format HH:MM, par exemple 09:00.');
}
