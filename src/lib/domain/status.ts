/** Lifecycle shared by tasks and information requests, in workflow order. */
export const STATUSES = ['todo', 'in_progress', 'done'] as const;

export type Status = (typeof STATUSES)[number];

/** The French labels shown in the UI; the stored value never changes with the wording. */
export const STATUS_LABELS: Record<Status, string> = {
	todo: 'À faire',
	in_progress: 'En cours',
	done: 'Terminée'
};

/** True when `value` is one of {@link STATUSES}: guards everything read from a document or a form. */
export function isStatus(value: unknown): value is Status {
	return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/**
 * What a client may answer on a request (schema v2): the task statuses, plus « Sans objet » (the
 * document asked for does not exist for this client) and « Justificatif perdu ». Tasks keep
 * {@link STATUSES}.
 */
export const REQUEST_STATUSES = [...STATUSES, 'not_applicable', 'lost'] as const;

export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
	...STATUS_LABELS,
	not_applicable: 'Sans objet',
	lost: 'Justificatif perdu'
};

/** True when `value` is one of {@link REQUEST_STATUSES}. */
export function isRequestStatus(value: unknown): value is RequestStatus {
	return typeof value === 'string' && (REQUEST_STATUSES as readonly string[]).includes(value);
}

/** The client's answers: the request then waits for the firm's review (« À valider »). */
export const ANSWERED_STATUSES = [
	'done',
	'not_applicable',
	'lost'
] as const satisfies readonly RequestStatus[];

/** True when the client has answered (`done`, `not_applicable`, `lost`); works for task statuses too. */
export function isAnswered(status: string): boolean {
	return (ANSWERED_STATUSES as readonly string[]).includes(status);
}

/** Answers that say why in a comment, required in the same change (command and Guard). */
export const COMMENTED_STATUSES = [
	'not_applicable',
	'lost'
] as const satisfies readonly RequestStatus[];

/** True for a status of {@link COMMENTED_STATUSES}. */
export function needsComment(status: string): boolean {
	return (COMMENTED_STATUSES as readonly string[]).includes(status);
}
