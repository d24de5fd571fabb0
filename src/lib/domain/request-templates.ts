import type { Obligation } from './fiscal-calendar.ts';
import { DESCRIPTION_MAX, type RequestInput } from './request.ts';
import { TITLE_MAX, checkTitle, type Task } from './task.ts';
import {
	accept,
	checkText,
	isRecord,
	reject,
	textLength,
	type FieldCheck,
	type Validation
} from './validation.ts';
import { addDays, workingDayOnOrBefore, type HolidayRegion } from './working-days.ts';
import { DEFAULT_TEMPLATES } from './default-templates.ts';

export { DEFAULT_TEMPLATES };

/**
 * « Modèles de demandes »: firm-wide lists of requests that a task receives in one click. A
 * template is plain data (the store keeps it, an administrator edits it); applying it gives the
 * inputs of `transmitRequest`, one per item kept in the preview.
 */
export interface RequestTemplate {
	name: string;
	items: TemplateItem[];
}

export interface TemplateItem {
	/** May hold {@link PERIOD_PLACEHOLDER}, replaced by the task's period. */
	title: string;
	description: string;
	/** Days from the task's due date to the request's (negative: before). */
	dueOffsetDays: number;
}

/** Replaced in titles and descriptions by the task's period, « novembre 2026 », « 2026 ». */
export const PERIOD_PLACEHOLDER = '{période}';

export const TEMPLATE_NAME_MAX = 80;
export const TEMPLATE_ITEMS_MAX = 50;
/** Leaves room for the longest period text (« septembre 2026 ») within a request title. */
export const TEMPLATE_TITLE_MAX = TITLE_MAX - 20;
export const DUE_OFFSET_MIN = -365;
export const DUE_OFFSET_MAX = 365;

/** The template a recurring task receives by default. */
export const TEMPLATE_OF_OBLIGATION: Readonly<Record<Obligation, string>> = Object.freeze({
	TVA: 'TVA',
	BILAN: 'Bilan annuel'
});

/** The template named for `obligation` among the firm's, or `null` once it has been deleted. */
export function templateForObligation(
	obligation: Obligation,
	templates: readonly RequestTemplate[] = DEFAULT_TEMPLATES
): RequestTemplate | null {
	return templates.find((t) => t.name === TEMPLATE_OF_OBLIGATION[obligation]) ?? null;
}

/**
 * Checks a template from the administrators' form or JSON, with one French message per field:
 * `name`, `items`, and `items.<index>.<field>` for an item (index from 0, as the form lists them).
 * On success the value is trimmed and offsets are numbers.
 */
export function validateRequestTemplate(input: unknown): Validation<RequestTemplate> {
	if (!isRecord(input)) return { ok: false, errors: { form: 'Données invalides.' } };
	const errors: Record<string, string> = {};
	const name = checkText(
		input.name,
		TEMPLATE_NAME_MAX,
		'Donnez un nom au modèle.',
		`Le nom du modèle ne doit pas dépasser ${TEMPLATE_NAME_MAX} caractères.`
	);
	if (!name.ok) errors.name = name.error;
	const rawItems = Array.isArray(input.items) ? input.items : [];
	if (rawItems.length === 0) errors.items = 'Ajoutez au moins une demande au modèle.';
	if (rawItems.length > TEMPLATE_ITEMS_MAX) {
		errors.items = `Un modèle compte au plus ${TEMPLATE_ITEMS_MAX} demandes.`;
	}
	const items: TemplateItem[] = [];
	rawItems.slice(0, TEMPLATE_ITEMS_MAX).forEach((raw: unknown, index) => {
		const item = isRecord(raw) ? raw : {};
		const checks = {
			title: checkItemTitle(item.title),
			description: checkItemDescription(item.description),
			dueOffsetDays: checkOffset(item.dueOffsetDays)
		};
		for (const [field, check] of Object.entries(checks)) {
			if (!check.ok) errors[`items.${index}.${field}`] = check.error;
		}
		if (checks.title.ok && checks.description.ok && checks.dueOffsetDays.ok) {
			items.push({
				title: checks.title.value,
				description: checks.description.value,
				dueOffsetDays: checks.dueOffsetDays.value
			});
		}
	});
	if (Object.keys(errors).length > 0 || !name.ok) return { ok: false, errors };
	return { ok: true, value: { name: name.value, items } };
}

function checkItemTitle(raw: unknown): FieldCheck<string> {
	const title = checkTitle(raw);
	if (title.ok && textLength(title.value) > TEMPLATE_TITLE_MAX) {
		return reject(`L’intitulé ne doit pas dépasser ${TEMPLATE_TITLE_MAX} caractères.`);
	}
	return title;
}

function checkItemDescription(raw: unknown): FieldCheck<string> {
	if (raw === undefined || raw === null) return accept('');
	if (typeof raw !== 'string') return reject('Description invalide.');
	const text = raw.trim();
	return textLength(text) > DESCRIPTION_MAX - 20
		? reject(`La description ne doit pas dépasser ${DESCRIPTION_MAX - 20} caractères.`)
		: accept(text);
}

function checkOffset(raw: unknown): FieldCheck<number> {
	// A blank offset is the task's own due date.
	const value = typeof raw === 'string' ? (raw.trim() === '' ? 0 : Number(raw.trim())) : (raw ?? 0);
	return typeof value === 'number' &&
		Number.isInteger(value) &&
		value >= DUE_OFFSET_MIN &&
		value <= DUE_OFFSET_MAX
		? accept(value)
		: reject(
				`L’échéance doit être un nombre entier de jours entre ${DUE_OFFSET_MIN} et ${DUE_OFFSET_MAX} par rapport à celle de la tâche.`
			);
}

const MONTHS = [
	'janvier',
	'février',
	'mars',
	'avril',
	'mai',
	'juin',
	'juillet',
	'août',
	'septembre',
	'octobre',
	'novembre',
	'décembre'
];

/** A task's period as a request title says it: `2026-11` « novembre 2026 », `2026` « 2026 ». */
export function periodText(period: string | null): string {
	if (!period) return '';
	if (period.length === 4) return period;
	return `${MONTHS[Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)}`;
}

function fill(text: string, period: string): string {
	if (!text.includes(PERIOD_PLACEHOLDER)) return text;
	return text.replaceAll(PERIOD_PLACEHOLDER, period).replace(/ {2,}/g, ' ').trim();
}

/**
 * The requests `template` gives `task`, in the template's order, without the items whose index is
 * in `unticked` (the boxes cleared in the preview). Each is due `dueOffsetDays` from the task's due
 * date, moved back to a working day when that is a weekend or a holiday (back, so that it never
 * passes the task's deadline); with no task due date, no request due date either.
 */
export function templateRequests(
	template: RequestTemplate,
	task: Pick<Task, 'id' | 'dueDate' | 'period'>,
	options: { unticked?: Iterable<number>; region?: HolidayRegion } = {}
): RequestInput[] {
	const skipped = new Set(options.unticked ?? []);
	const period = periodText(task.period);
	return template.items.flatMap((item, index) => {
		if (skipped.has(index)) return [];
		const dueDate = task.dueDate
			? workingDayOnOrBefore(addDays(task.dueDate, item.dueOffsetDays), options.region)
			: null;
		return [
			{
				taskId: task.id,
				title: fill(item.title, period),
				description: fill(item.description, period),
				dueDate
			}
		];
	});
}
