import { optional, parseEntity, required, type Entity, type FieldTable } from './fields.ts';
import { isId } from './ids.ts';
import { isStatus, type Status } from './status.ts';
import {
	accept,
	checkOptional,
	checkText,
	isIsoDate,
	isPeriod,
	isTimestamp,
	reject,
	textLength,
	validateAll,
	validatePresent,
	type FieldCheck,
	type FieldRules,
	type Validation
} from './validation.ts';

/** Kinds of work of a French accounting firm; a closed list so that filters and reports agree. */
export const CATEGORIES = ['TVA', 'Bilan', 'Prévisionnel', 'Paie', 'Juridique', 'Autre'] as const;

export type Category = (typeof CATEGORIES)[number];

/** Longest task or request title, in characters. */
export const TITLE_MAX = 200;

/** True when `value` is one of {@link CATEGORIES}. */
export function isCategory(value: unknown): value is Category {
	return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

/** A stored title: not blank, at most {@link TITLE_MAX} characters; shared with requests. */
export function isTitle(value: unknown): value is string {
	return typeof value === 'string' && value.trim() !== '' && textLength(value) <= TITLE_MAX;
}

/**
 * The fields of a task entry in the tasks document, and nothing else (DESIGN §3): its type, its
 * read and the server's write rules all derive from this table.
 */
export const TASK_FIELDS = {
	id: required(isId),
	title: required(isTitle),
	clientId: required(isId),
	assigneeId: required(isId),
	status: required(isStatus),
	/** Deadline, `YYYY-MM-DD`. */
	dueDate: optional(isIsoDate),
	category: optional(isCategory),
	/** Period the work covers, `YYYY-MM` or `YYYY`. */
	period: optional(isPeriod),
	/** ISO 8601 date-times. */
	createdAt: required(isTimestamp),
	createdBy: required(isId),
	updatedAt: required(isTimestamp)
} as const satisfies FieldTable;

/** A unit of work of the firm for one client, as read from the tasks document. */
export type Task = Entity<typeof TASK_FIELDS>;

/** What a form submits to create a task; optional fields may be left out, `null` or blank. */
export interface TaskInput {
	title: string;
	clientId: string;
	assigneeId: string;
	status?: Status;
	dueDate?: string | null;
	category?: string | null;
	period?: string | null;
}

/** A task input once validated: trimmed, defaults applied, blanks turned into `null`. */
export type ValidTaskInput = Pick<
	Task,
	'title' | 'clientId' | 'assigneeId' | 'status' | 'dueDate' | 'category' | 'period'
>;

/** A partial update of a task; absent (`undefined`) fields are left unchanged. */
export type TaskPatch = Partial<TaskInput>;

/** A validated partial update: only the fields that were given. */
export type ValidTaskPatch = Partial<ValidTaskInput>;

/** Checks a title (required, trimmed, at most {@link TITLE_MAX} characters); shared with requests. */
export function checkTitle(raw: unknown): FieldCheck<string> {
	return checkText(
		raw,
		TITLE_MAX,
		'Indiquez un intitulé.',
		`L’intitulé ne doit pas dépasser ${TITLE_MAX} caractères.`
	);
}

/** Checks a reference to another entity by id; `error` names what the user must pick. */
export function checkId(raw: unknown, error: string): FieldCheck<string> {
	return isId(raw) ? accept(raw) : reject(error);
}

/** Checks an optional due date (`YYYY-MM-DD`, blank clears it); shared with requests. */
export function checkDueDate(raw: unknown): FieldCheck<string | null> {
	return checkOptional(raw, isIsoDate, 'Date invalide.');
}

/** Checks a status given in a form; a missing status means a new item starts « À faire ». */
export function checkStatus(raw: unknown): FieldCheck<Status> {
	if (raw === undefined) return accept('todo');
	return isStatus(raw) ? accept(raw) : reject('Statut invalide.');
}

const TASK_RULES: FieldRules<ValidTaskInput> = {
	title: checkTitle,
	clientId: (raw) => checkId(raw, 'Choisissez un client.'),
	assigneeId: (raw) => checkId(raw, 'Choisissez un collaborateur.'),
	status: checkStatus,
	dueDate: checkDueDate,
	category: (raw) => checkOptional(raw, isCategory, 'Catégorie invalide.'),
	period: (raw) => checkOptional(raw, isPeriod, 'Période invalide (AAAA-MM ou AAAA).')
};

/**
 * Validates a new task coming from a form or another untrusted source. On success the value is
 * normalised (trimmed, `status` defaulted to `todo`, blank optional fields as `null`).
 */
export function validateTaskInput(input: unknown): Validation<ValidTaskInput> {
	return validateAll(input, TASK_RULES);
}

/**
 * Validates a partial update: only fields present in `input` are checked and returned, so that a
 * command writes nothing else (and does not overwrite a colleague's concurrent edit of another
 * field). Unknown keys (`id`, `createdAt`…) are dropped: they are not editable.
 */
export function validateTaskPatch(input: unknown): Validation<ValidTaskPatch> {
	return validatePresent(input, TASK_RULES);
}

/**
 * Rebuilds a {@link Task} from a stored plain object, or `null` when any field is invalid (see
 * {@link TASK_FIELDS}). The document is shared by many writers (and old clients), so nothing read
 * from it is trusted.
 */
export function parseTask(value: unknown): Task | null {
	return parseEntity(TASK_FIELDS, value);
}
