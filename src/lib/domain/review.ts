import { isAnswered, type RequestStatus } from './status.ts';
import { accept, reject, textLength, type FieldCheck, type Validation } from './validation.ts';

/**
 * The firm's review of a client's answer (schema v2). Stored in fields of its own, written by
 * staff only (`review`, `returnReason`, `reviewedBy`, `reviewedAt`), never in `status`, which is
 * the client's: see `src/lib/doc/README.md` for why.
 */

/** The values of a request's `review` field; absent or `null` means « not validated ». */
export const REVIEWS = ['validated'] as const;

export type Review = (typeof REVIEWS)[number];

export function isReview(value: unknown): value is Review {
	return typeof value === 'string' && (REVIEWS as readonly string[]).includes(value);
}

/** Longest reason for sending a request back, in characters. */
export const RETURN_REASON_MAX = 1000;

/** A stored return reason: non-blank, trimmed, at most {@link RETURN_REASON_MAX} characters. */
export function isReturnReason(value: unknown): value is string {
	return (
		typeof value === 'string' &&
		value.trim() === value &&
		value !== '' &&
		textLength(value) <= RETURN_REASON_MAX
	);
}

/** Checks the « Motif » of « Renvoyer au client »: required, trimmed, bounded. */
export function checkReturnReason(raw: unknown): FieldCheck<string> {
	if (typeof raw !== 'string' || raw.trim() === '') {
		return reject('Indiquez le motif du renvoi au client.');
	}
	const text = raw.trim();
	return isReturnReason(text)
		? accept(text)
		: reject(`Le motif ne doit pas dépasser ${RETURN_REASON_MAX} caractères.`);
}

/** {@link checkReturnReason} as a validation of the `reason` field. */
export function validateReturnReason(raw: unknown): Validation<string> {
	const check = checkReturnReason(raw);
	return check.ok
		? { ok: true, value: check.value }
		: { ok: false, errors: { reason: check.error } };
}

/**
 * Where a request stands for the firm: the client's own status while it is awaited, « À
 * valider » once it answered (`done`, `not_applicable`, `lost`) and the firm has not validated,
 * « Validée » once it has. Derived, never stored.
 */
export type ReviewState = 'todo' | 'in_progress' | 'to_review' | 'validated';

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
	todo: 'À faire',
	in_progress: 'En cours',
	to_review: 'À valider',
	validated: 'Validée'
};

/**
 * The {@link ReviewState} of a request. A validation wins over whatever status the client wrote
 * concurrently: the Guard refuses any later client change, staff can still undo it.
 */
export function reviewState(request: {
	status: RequestStatus | string;
	review: Review | null;
}): ReviewState {
	if (request.review === 'validated') return 'validated';
	if (isAnswered(request.status)) return 'to_review';
	return request.status === 'in_progress' ? 'in_progress' : 'todo';
}
