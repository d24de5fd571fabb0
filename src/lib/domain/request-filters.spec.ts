import { describe, expect, it } from 'vitest';
import type { InfoRequest } from './request.ts';
import { byClientPriority, matchesRequestFilters, NO_REQUEST_FILTER } from './request-filters.ts';

const request = (id: string, extra: Partial<InfoRequest>): InfoRequest => ({
	id,
	taskId: 't',
	title: id,
	description: '',
	status: 'todo',
	dueDate: null,
	createdAt: '2026-01-01T00:00:00.000Z',
	createdBy: 'u',
	updatedAt: '2026-01-01T00:00:00.000Z',
	comments: [],
	documents: [],
	review: null,
	returnReason: null,
	reviewedBy: null,
	reviewedAt: null,
	...extra
});
const today = '2026-11-28';

describe('request filters', () => {
	it('filter by status and due date', () => {
		const late = request('a', { dueDate: '2026-11-20' });
		expect(matchesRequestFilters(late, NO_REQUEST_FILTER, today)).toBe(true);
		expect(matchesRequestFilters(late, { ...NO_REQUEST_FILTER, status: 'done' }, today)).toBe(
			false
		);
		expect(matchesRequestFilters(late, { ...NO_REQUEST_FILTER, due: 'overdue' }, today)).toBe(true);
		expect(matchesRequestFilters(late, { ...NO_REQUEST_FILTER, due: 'week' }, today)).toBe(false);
		const thisWeek = request('b', { dueDate: '2026-11-29' });
		expect(matchesRequestFilters(thisWeek, { ...NO_REQUEST_FILTER, due: 'week' }, today)).toBe(
			true
		);
		const undated = request('c', {});
		expect(matchesRequestFilters(undated, { ...NO_REQUEST_FILTER, due: 'week' }, today)).toBe(
			false
		);
	});

	it('list what is left to do first, soonest due first', () => {
		const list = [
			request('done', { status: 'done', dueDate: '2026-01-01' }),
			request('undated', {}),
			request('later', { dueDate: '2026-12-10' }),
			request('soon', { dueDate: '2026-11-30' }),
			request('started', { status: 'in_progress', dueDate: '2026-11-01' })
		];
		expect(list.sort(byClientPriority).map((r) => r.id)).toEqual([
			'soon',
			'later',
			'undated',
			'started',
			'done'
		]);
	});
});
