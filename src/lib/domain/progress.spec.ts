import { describe, expect, it } from 'vitest';
import { progressLabel, requestProgress, type RequestProgress } from './progress.ts';
import type { Status } from './status.ts';

function progress(todo: number, inProgress: number, done: number): RequestProgress {
	const statuses: Status[] = [
		...Array<Status>(todo).fill('todo'),
		...Array<Status>(inProgress).fill('in_progress'),
		...Array<Status>(done).fill('done')
	];
	return requestProgress(statuses);
}

describe('requestProgress', () => {
	it('counts statuses from any iterable', () => {
		function* statuses(): Generator<Status> {
			yield 'done';
			yield 'todo';
			yield 'in_progress';
			yield 'todo';
		}
		expect(requestProgress(statuses())).toEqual({ total: 4, todo: 2, inProgress: 1, done: 1 });
		expect(requestProgress([])).toEqual({ total: 0, todo: 0, inProgress: 0, done: 0 });
	});
});

describe('progressLabel', () => {
	it.each([
		[progress(0, 0, 0), 'Aucune demande'],
		[progress(7, 0, 1), '8 demandes · 7 à faire · 1 terminée'],
		[progress(5, 2, 1), '8 demandes · 5 à faire · 2 en cours · 1 terminée'],
		[progress(1, 0, 0), '1 demande · 1 à faire · 0 terminée'],
		[progress(0, 1, 0), '1 demande · 0 à faire · 1 en cours · 0 terminée'],
		[progress(0, 0, 2), '2 demandes · 0 à faire · 2 terminées'],
		[progress(3, 0, 0), '3 demandes · 3 à faire · 0 terminée']
	])('%j → %s', (p, label) => {
		expect(progressLabel(p)).toBe(label);
	});

	it('separates with a middle dot (U+00B7) between spaces', () => {
		expect(progressLabel(progress(1, 0, 1))).toContain(' \u00b7 ');
	});
});
