import { describe, expect, it } from 'vitest';
import { requestProgress } from './progress.ts';
import { isAwaitingClient } from './reminders.ts';
import { checkReturnReason, isReturnReason, RETURN_REASON_MAX, reviewState } from './review.ts';
import { REQUEST_STATUSES } from './status.ts';
import {
	EMPTY_FILTERS,
	filtersFromSearchParams,
	filtersToSearchParams,
	matchesFilters
} from './task-filters.ts';
import type { Task } from './task.ts';

describe('reviewState', () => {
	it.each([
		['todo', null, 'todo'],
		['in_progress', null, 'in_progress'],
		['done', null, 'to_review'],
		['not_applicable', null, 'to_review'],
		['lost', null, 'to_review'],
		['done', 'validated', 'validated'],
		['todo', 'validated', 'validated']
	] as const)('%s, review %s → %s', (status, review, state) => {
		expect(reviewState({ status, review })).toBe(state);
	});
});

describe('return reason', () => {
	it('is required, trimmed and bounded', () => {
		expect(checkReturnReason('  Il manque mars. ')).toEqual({ ok: true, value: 'Il manque mars.' });
		expect(checkReturnReason('   ')).toEqual({
			ok: false,
			error: 'Indiquez le motif du renvoi au client.'
		});
		expect(checkReturnReason(undefined).ok).toBe(false);
		expect(checkReturnReason('x'.repeat(RETURN_REASON_MAX + 1)).ok).toBe(false);
		expect(isReturnReason(' padded ')).toBe(false);
		expect(isReturnReason('')).toBe(false);
	});
});

describe('reminders and the new answers', () => {
	it('stop for every answer, whatever the review, and resume on a return (« À faire »)', () => {
		const awaited = REQUEST_STATUSES.filter(isAwaitingClient);
		expect(awaited).toEqual(['todo', 'in_progress']);
	});
});

describe('the review filter of « Tâches »', () => {
	const task = (id: string): Task => ({
		id,
		title: id,
		clientId: 'c',
		assigneeId: 'u',
		status: 'todo',
		dueDate: null,
		category: null,
		period: null,
		createdAt: '2026-01-01T00:00:00.000Z',
		createdBy: 'u',
		updatedAt: '2026-01-01T00:00:00.000Z'
	});
	const progress = new Map([
		[
			'review',
			requestProgress([
				{ status: 'lost', review: null },
				{ status: 'todo', review: null }
			])
		],
		['done', requestProgress([{ status: 'done', review: 'validated' }])],
		[
			'partly',
			requestProgress([
				{ status: 'done', review: 'validated' },
				{ status: 'todo', review: null }
			])
		],
		['none', requestProgress([])]
	]);
	const context = {
		today: '2026-01-02',
		userId: 'u',
		progressOf: (id: string) => progress.get(id)!
	};
	const matching = (review: 'to_review' | 'validated') =>
		[...progress.keys()].filter((id) =>
			matchesFilters(task(id), { ...EMPTY_FILTERS, review }, context)
		);

	it('keeps tasks with a request « À valider », or whose requests are all « Validée »', () => {
		expect(matching('to_review')).toEqual(['review']);
		expect(matching('validated')).toEqual(['done']);
	});

	it('round-trips through the URL and drops an unknown value', () => {
		const filters = { ...EMPTY_FILTERS, review: 'to_review' as const };
		expect(filtersToSearchParams(filters).toString()).toBe('review=to_review');
		expect(filtersFromSearchParams(new URLSearchParams('review=to_review'))).toEqual(filters);
		expect(filtersFromSearchParams(new URLSearchParams('review=x')).review).toBeNull();
	});
});
