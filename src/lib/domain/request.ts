import { isId } from './ids.ts';
import { isStatus, type Status } from './status.ts';
import { checkDueDate, checkId, checkStatus, checkTitle } from './task.ts';
import {
	accept,
	isRecord,
	isTimestamp,
	reject,
	textLength,
	validateAll,
	validatePresent,
	type FieldCheck,
	type FieldRules,
	type Validation
} from './validation.ts';
import { parseComment, parseDocumentRef, type Comment, type DocumentRef } from './attachments.ts';

export {
	COMMENT_MAX,
	parseComment,
	parseDocumentRef,
	validateCommentBody,
	validateDocumentRef,
	type Comment,
	type DocumentRef,
	type DocumentRefInput
} from './attachments.ts';

/** Longest request description, in characters. */
export const DESCRIPTION_MAX = 5000;

/**
 * A « demande d'information »: something the firm asks a client for, attached to one task, with
 * its thread of comments and the documents the client sent back.
 */
export interface InfoRequest {
	id: string;
	taskId: string;
	title: string;
	description: string;
	status: Status;
	/** `YYYY-MM-DD`. */
	dueDate: string | null;
	/** ISO 8601 date-times. */
	createdAt: string;
	createdBy: string;
	updatedAt: string;
	comments: Comment[];
	documents: DocumentRef[];
}

/** What a form submits to transmit a request; the description may be blank. */
export interface RequestInput {
	taskId: string;
	title: string;
	description: string;
	dueDate?: string | null;
}

/** A request input once validated: trimmed, blank due date as `null`. */
export type ValidRequestInput = Pick<InfoRequest, 'taskId' | 'title' | 'description' | 'dueDate'>;

/** A partial update of a request; absent (`undefined`) fields are left unchanged. */
export type RequestPatch = Partial<RequestInput> & { status?: Status };

/** A validated partial update: only the fields that were given. */
export type ValidRequestPatch = Partial<ValidRequestInput & { status: Status }>;

function checkDescription(raw: unknown): FieldCheck<string> {
	if (raw === undefined || raw === null) return accept('');
	if (typeof raw !== 'string') return reject('Description invalide.');
	const text = raw.trim();
	return textLength(text) > DESCRIPTION_MAX
		? reject(`La description ne doit pas dépasser ${DESCRIPTION_MAX} caractères.`)
		: accept(text);
}

const REQUEST_RULES: FieldRules<ValidRequestInput> = {
	taskId: (raw) => checkId(raw, 'Choisissez une tâche.'),
	title: checkTitle,
	description: checkDescription,
	dueDate: checkDueDate
};

const PATCH_RULES: FieldRules<Required<ValidRequestPatch>> = {
	...REQUEST_RULES,
	status: checkStatus
};

/** Validates a new request from a form; on success the value is trimmed and normalised. */
export function validateRequestInput(input: unknown): Validation<ValidRequestInput> {
	return validateAll(input, REQUEST_RULES);
}

/**
 * Validates a partial update: only the fields present are checked and returned, so a command
 * writes nothing else. Unknown keys (`id`, `comments`…) are dropped.
 */
export function validateRequestPatch(input: unknown): Validation<ValidRequestPatch> {
	return validatePresent(input, PATCH_RULES);
}

/**
 * Rebuilds an {@link InfoRequest} from a stored plain object, or `null` when a field is invalid.
 * A malformed comment or document is skipped rather than hiding the whole request; `comments`
 * and `documents` must still be arrays.
 */
export function parseRequest(value: unknown): InfoRequest | null {
	if (!isRecord(value)) return null;
	const { id, status, createdAt, createdBy, updatedAt, comments, documents } = value;
	if (!isId(id) || !isStatus(status) || !isId(createdBy)) return null;
	if (!isTimestamp(createdAt) || !isTimestamp(updatedAt)) return null;
	if (!Array.isArray(comments) || !Array.isArray(documents)) return null;
	const fields = validateAll(value, REQUEST_RULES);
	if (!fields.ok) return null;
	return {
		id,
		...fields.value,
		status,
		createdAt,
		createdBy,
		updatedAt,
		comments: comments.map(parseComment).filter((c) => c !== null),
		documents: documents.map(parseDocumentRef).filter((d) => d !== null)
	};
}
