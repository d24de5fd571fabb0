import { parseComment, parseDocumentRef } from './attachments.ts';
import { list, optional, parseEntity, required, type Entity, type FieldTable } from './fields.ts';
import { isId } from './ids.ts';
import { isReturnReason, isReview } from './review.ts';
import { isRequestStatus, needsComment, type RequestStatus } from './status.ts';
import { checkDueDate, checkId, checkTitle, isTitle, TASK_FIELDS } from './task.ts';
import {
	accept,
	isTimestamp,
	reject,
	textLength,
	validateAll,
	validatePresent,
	type FieldCheck,
	type FieldRules,
	type Validation
} from './validation.ts';

export {
	validateCommentBody,
	validateDocumentRef,
	type Comment,
	type DocumentRef
} from './attachments.ts';

/** Longest request description, in characters. */
export const DESCRIPTION_MAX = 5000;

/** A stored description: at most {@link DESCRIPTION_MAX} characters, possibly empty. */
function isDescription(value: unknown): value is string {
	return typeof value === 'string' && textLength(value) <= DESCRIPTION_MAX;
}

/**
 * The fields of a request entry in a client's requests document, and nothing else (DESIGN §3):
 * its type, its read and the server's write rules all derive from this table.
 */
export const REQUEST_FIELDS = {
	id: required(isId),
	taskId: required(isId),
	title: required(isTitle),
	description: required(isDescription),
	/** The client's answer (`REQUEST_STATUSES`); a client may set it, until the firm validates. */
	status: required(isRequestStatus),
	/** `YYYY-MM-DD`. */
	dueDate: TASK_FIELDS.dueDate,
	/** ISO 8601 date-times. */
	createdAt: required(isTimestamp),
	createdBy: required(isId),
	updatedAt: required(isTimestamp),
	/** The thread, oldest first: staff and the client append to it. */
	comments: list(parseComment),
	/** The files the client (or staff) deposited, oldest first. */
	documents: list(parseDocumentRef),
	/**
	 * The firm's review (schema v2), written by staff only. Absent in v1 entries, which therefore
	 * read as « not reviewed » with no migration of the entries. `'validated'` locks the request
	 * for the client.
	 */
	review: optional(isReview),
	/** Why the firm last sent the request back (« Renvoyer au client »); shown to the client. */
	returnReason: optional(isReturnReason),
	/** Who last validated, undid a validation or sent the request back, and when. */
	reviewedBy: optional(isId),
	reviewedAt: optional(isTimestamp)
} as const satisfies FieldTable;

/**
 * A « demande d'information »: something the firm asks a client for, attached to one task, with
 * its thread of comments and the documents the client sent back.
 */
export type InfoRequest = Entity<typeof REQUEST_FIELDS>;

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
export type RequestPatch = Partial<RequestInput> & { status?: RequestStatus };

/** A validated partial update: only the fields that were given. */
export type ValidRequestPatch = Partial<ValidRequestInput & { status: RequestStatus }>;

/**
 * A status a patch may set: « Sans objet » and « Justificatif perdu » need their comment, so they
 * go through `setRequestStatus` only.
 */
function checkPatchStatus(raw: unknown): FieldCheck<RequestStatus> {
	if (!isRequestStatus(raw)) return reject('Statut invalide.');
	return needsComment(raw) ? reject('Ce statut demande un commentaire.') : accept(raw);
}

function checkDescription(raw: unknown): FieldCheck<string> {
	if (raw === undefined || raw === null) return accept('');
	if (typeof raw !== 'string') return reject('Description invalide.');
	const text = raw.trim();
	return isDescription(text)
		? accept(text)
		: reject(`La description ne doit pas dépasser ${DESCRIPTION_MAX} caractères.`);
}

const REQUEST_RULES: FieldRules<ValidRequestInput> = {
	taskId: (raw) => checkId(raw, 'Choisissez une tâche.'),
	title: checkTitle,
	description: checkDescription,
	dueDate: checkDueDate
};

const PATCH_RULES: FieldRules<Required<ValidRequestPatch>> = {
	...REQUEST_RULES,
	status: checkPatchStatus
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
 * Rebuilds an {@link InfoRequest} from a stored plain object, or `null` when a field is invalid
 * (see {@link REQUEST_FIELDS}). A malformed comment or document is skipped rather than hiding the
 * whole request; `comments` and `documents` must still be arrays.
 */
export function parseRequest(value: unknown): InfoRequest | null {
	return parseEntity(REQUEST_FIELDS, value);
}
