import { describe, expect, it } from 'vitest';
import { progressLabel, requestProgress, type ProgressItem } from './progress.ts';

const todo: ProgressItem = { status: 'todo', review: null };
const inProgress: ProgressItem = { status: 'in_progress', review: null };
const validated: ProgressItem = { status: 'done', review: 'validated' };
const answers: ProgressItem[] = [
	{ status: 'done', review: null },
	{ status: 'not_applicable', review: null },
	{ status: 'lost', review: null }
];

function progress(t: number, i: number, r: number, v: number) {
	return requestProgress([
		...Array<ProgressItem>(t).fill(todo),
		...Array<ProgressItem>(i).fill(inProgress),
		...Array.from({ length: r }, (_, n) => answers[n % answers.length]!),
		...Array<ProgressItem>(v).fill(validated)
	]);
}

describe('requestProgress', () => {
	it('counts review states from any iterable', () => {
		function* items(): Generator<ProgressItem> {
			yield* answers;
			yield todo;
			yield inProgress;
			yield validated;
			yield todo;
		}
		expect(requestProgress(items())).toEqual({
			total: 7,
			todo: 2,
			inProgress: 1,
			toReview: 3,
			validated: 1
		});
		expect(requestProgress([])).toEqual({
			total: 0,
			todo: 0,
			inProgress: 0,
			toReview: 0,
			validated: 0
		});
	});

	it('counts a validation over whatever status the client wrote concurrently', () => {
		expect(requestProgress([{ status: 'in_progress', review: 'validated' }]).validated).toBe(1);
	});
});

describe('progressLabel', () => {
	it.each([
		[progress(0, 0, 0, 0), 'Aucune demande'],
		[progress(5, 0, 2, 1), '8 demandes · 5 à faire · 2 à valider · 1 validée'],
		[progress(7, 0, 1, 0), '8 demandes · 7 à faire · 1 à valider · 0 validée'],
		[progress(5, 2, 0, 1), '8 demandes · 5 à faire · 2 en cours · 1 validée'],
		[progress(1, 0, 0, 0), '1 demande · 1 à faire · 0 validée'],
		[progress(0, 1, 3, 0), '4 demandes · 0 à faire · 1 en cours · 3 à valider · 0 validée'],
		[progress(0, 0, 0, 2), '2 demandes · 0 à faire · 2 validées']
	])('%j → %s', (p, label) => {
		expect(progressLabel(p)).toBe(label);
	});

	it('separates with a middle dot (U+00B7) between spaces', () => {
		expect(progressLabel(progress(1, 0, 0, 1))).toContain(' \u00b7 ');
	});
});
