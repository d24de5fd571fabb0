/**
 * Outcome of validating untrusted input: the normalised value, or one French message per field
 * (keyed by field name, `form` when the input is not an object at all) ready to show in a form.
 */
export type Validation<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** Outcome of checking a single field; {@link validateAll} turns these into a {@link Validation}. */
export type FieldCheck<T> = { ok: true; value: T } | { ok: false; error: string };

/** One checker per field of `T`: each receives the raw value (possibly `undefined`). */
export type FieldRules<T> = { [K in keyof T]-?: (raw: unknown) => FieldCheck<T[K]> };

/** Message used when the input is not even an object. */
const INVALID_FORM = 'Données invalides.';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]))?$/;
const TIMESTAMP =
	/^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A field that passed, with its normalised value. */
export function accept<T>(value: T): FieldCheck<T> {
	return { ok: true, value };
}

/** A field that failed, with the French message to show beside it. */
export function reject<T>(error: string): FieldCheck<T> {
	return { ok: false, error };
}

/** A plain object (not null, not an array): the only shape form input and stored entries may take. */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `YYYY-MM-DD` naming a real calendar day (so `2025-02-30` is rejected). */
export function isIsoDate(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const match = ISO_DATE.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** An accounting period: a month `YYYY-MM` or a fiscal year `YYYY`. */
export function isPeriod(value: unknown): value is string {
	return typeof value === 'string' && PERIOD.test(value);
}

/** An ISO 8601 date-time with an explicit offset, as produced by `Date#toISOString`. */
export function isTimestamp(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const match = TIMESTAMP.exec(value);
	return match !== null && isIsoDate(match[1]) && !Number.isNaN(Date.parse(value));
}

/** Length in Unicode code points, so that an emoji counts as one character as users expect. */
export function textLength(text: string): number {
	let count = 0;
	for (const _ of text) count++;
	return count;
}

/** A required text, trimmed, 1 to `max` characters. */
export function checkText(
	raw: unknown,
	max: number,
	empty: string,
	tooLong: string
): FieldCheck<string> {
	if (typeof raw !== 'string' || raw.trim() === '') return reject<string>(empty);
	const text = raw.trim();
	return textLength(text) > max ? reject<string>(tooLong) : accept(text);
}

/**
 * An optional text that a form may clear: `undefined`, `null` and blank all mean "none" (`null`);
 * anything else must pass `isValid` once trimmed.
 */
export function checkOptional<T extends string>(
	raw: unknown,
	isValid: (text: string) => text is T,
	error: string
): FieldCheck<T | null> {
	if (raw === undefined || raw === null) return accept(null);
	if (typeof raw !== 'string') return reject(error);
	const text = raw.trim();
	if (text === '') return accept(null);
	return isValid(text) ? accept(text) : reject(error);
}

/**
 * Checks every field named by `rules` (absent ones included, so required fields report) and
 * returns the normalised object. Keys not named by `rules` are dropped.
 */
export function validateAll<T>(input: unknown, rules: FieldRules<T>): Validation<T> {
	return run(input, rules, false) as Validation<T>;
}

/**
 * Checks only the fields present in `input` (not `undefined`): the shape of a partial update,
 * where an absent field means "leave it as it is".
 */
export function validatePresent<T>(input: unknown, rules: FieldRules<T>): Validation<Partial<T>> {
	return run(input, rules, true);
}

function run<T>(input: unknown, rules: FieldRules<T>, onlyPresent: boolean) {
	if (!isRecord(input)) return { ok: false, errors: { form: INVALID_FORM } } as const;
	const value: Partial<T> = {};
	const errors: Record<string, string> = {};
	for (const key of Object.keys(rules) as (keyof T & string)[]) {
		const raw = Object.hasOwn(input, key) ? input[key] : undefined;
		if (onlyPresent && raw === undefined) continue;
		const check = rules[key](raw);
		if (check.ok) value[key] = check.value;
		else errors[key] = check.error;
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors } as const;
	return { ok: true, value } as const;
}
