import type { Status } from './status.ts';

/** How far the information requests of a task have gone, counted by status. */
export interface RequestProgress {
	total: number;
	todo: number;
	inProgress: number;
	done: number;
}

/** Counts statuses, typically of the requests of one task. */
export function requestProgress(statuses: Iterable<Status>): RequestProgress {
	const progress: RequestProgress = { total: 0, todo: 0, inProgress: 0, done: 0 };
	for (const status of statuses) {
		progress.total++;
		if (status === 'todo') progress.todo++;
		else if (status === 'in_progress') progress.inProgress++;
		else progress.done++;
	}
	return progress;
}

const SEPARATOR = ' \u00b7 ';

/**
 * The French summary shown beside a task, e.g. « 8 demandes · 7 à faire · 1 terminée ». « en
 * cours » appears only when some request is in progress, so the usual case stays short; with no
 * request at all the label is « Aucune demande ».
 */
export function progressLabel(p: RequestProgress): string {
	if (p.total === 0) return 'Aucune demande';
	const parts = [`${p.total} ${plural(p.total, 'demande')}`, `${p.todo} à faire`];
	if (p.inProgress > 0) parts.push(`${p.inProgress} en cours`);
	parts.push(`${p.done} ${plural(p.done, 'terminée')}`);
	return parts.join(SEPARATOR);
}

/** French rule: 0 and 1 take the singular. */
function plural(count: number, word: string): string {
	return count > 1 ? `${word}s` : word;
}
