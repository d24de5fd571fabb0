import { reviewState, type Review } from './review.ts';
import type { RequestStatus } from './status.ts';

/** How far the information requests of a task have gone, counted by review state. */
export interface RequestProgress {
	total: number;
	todo: number;
	inProgress: number;
	/** Answered by the client (« Terminée », « Sans objet », « Justificatif perdu »), not validated. */
	toReview: number;
	validated: number;
}

/** What progress needs of a request (or of its summary). */
export interface ProgressItem {
	status: RequestStatus;
	review: Review | null;
}

/** Counts review states, typically of the requests of one task. */
export function requestProgress(items: Iterable<ProgressItem>): RequestProgress {
	const progress: RequestProgress = { total: 0, todo: 0, inProgress: 0, toReview: 0, validated: 0 };
	for (const item of items) {
		progress.total++;
		const state = reviewState(item);
		if (state === 'todo') progress.todo++;
		else if (state === 'in_progress') progress.inProgress++;
		else if (state === 'to_review') progress.toReview++;
		else progress.validated++;
	}
	return progress;
}

const SEPARATOR = ' \u00b7 ';

/**
 * The French summary shown beside a task, e.g. « 8 demandes · 5 à faire · 2 à valider · 1
 * validée ». « en cours » and « à valider » appear only when some request is in that state, so
 * the usual case stays short; « validée » always closes it (as « terminée » did before the
 * review). With no request at all the label is « Aucune demande ».
 */
export function progressLabel(p: RequestProgress): string {
	if (p.total === 0) return 'Aucune demande';
	const parts = [`${p.total} ${plural(p.total, 'demande')}`, `${p.todo} à faire`];
	if (p.inProgress > 0) parts.push(`${p.inProgress} en cours`);
	if (p.toReview > 0) parts.push(`${p.toReview} à valider`);
	parts.push(`${p.validated} ${plural(p.validated, 'validée')}`);
	return parts.join(SEPARATOR);
}

/** French rule: 0 and 1 take the singular. */
function plural(count: number, word: string): string {
	return count > 1 ? `${word}s` : word;
}
