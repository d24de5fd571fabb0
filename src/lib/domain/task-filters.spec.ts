import { describe, expect, it } from 'vitest';
import type { Task } from './task.ts';
import {
	activeFilterCount,
	EMPTY_FILTERS,
	filtersFromSearchParams,
	filtersToSearchParams,
	isoWeek,
	isOverdue,
	matchesFilters,
	type TaskFilters
} from './task-filters.ts';

const task = (extra: Partial<Task>): Task => ({
	id: 't',
	title: 'T',
	clientId: 'alter',
	assigneeId: 'paul',
	status: 'todo',
	dueDate: '2026-11-25',
	category: 'TVA',
	period: '2026-10',
	createdAt: '',
	createdBy: '',
	updatedAt: '',
	...extra
});
const ctx = { today: '2026-11-28', userId: 'claire' };
const match = (t: Partial<Task>, f: Partial<TaskFilters>) =>
	matchesFilters(task(t), { ...EMPTY_FILTERS, ...f }, ctx);

describe('matchesFilters', () => {
	it('lets everything through with no filter', () => {
		expect(match({}, {})).toBe(true);
		expect(match({ dueDate: null, category: null }, {})).toBe(true);
	});

	it('filters by client, collaborator, mine, status and category (any of, within a criterion)', () => {
		expect(match({}, { clients: ['alter', 'dupont'] })).toBe(true);
		expect(match({}, { clients: ['dupont'] })).toBe(false);
		expect(match({}, { assignees: ['paul'] })).toBe(true);
		expect(match({}, { assignees: ['claire'] })).toBe(false);
		expect(match({ assigneeId: 'claire' }, { mine: true })).toBe(true);
		expect(match({}, { mine: true })).toBe(false);
		expect(match({}, { statuses: ['todo', 'done'] })).toBe(true);
		expect(match({}, { statuses: ['done'] })).toBe(false);
		expect(match({}, { categories: ['TVA'] })).toBe(true);
		expect(match({ category: null }, { categories: ['TVA'] })).toBe(false);
	});

	it('combines criteria with AND', () => {
		expect(match({}, { clients: ['alter'], statuses: ['todo'] })).toBe(true);
		expect(match({}, { clients: ['alter'], statuses: ['done'] })).toBe(false);
	});

	it('knows overdue, this week and ranges; no due date never matches a due filter', () => {
		expect(match({ dueDate: '2026-11-27' }, { due: 'overdue' })).toBe(true);
		expect(match({ dueDate: '2026-11-27', status: 'done' }, { due: 'overdue' })).toBe(false);
		expect(match({ dueDate: '2026-11-28' }, { due: 'overdue' })).toBe(false);
		expect(match({ dueDate: '2026-11-23' }, { due: 'week' })).toBe(true);
		expect(match({ dueDate: '2026-11-29' }, { due: 'week' })).toBe(true);
		expect(match({ dueDate: '2026-11-30' }, { due: 'week' })).toBe(false);
		expect(match({}, { due: 'range', from: '2026-11-01', to: '2026-11-30' })).toBe(true);
		expect(match({}, { due: 'range', from: '2026-11-26' })).toBe(false);
		expect(match({}, { due: 'range', to: '2026-11-25' })).toBe(true);
		expect(match({ dueDate: null }, { due: 'week' })).toBe(false);
		expect(isOverdue({ dueDate: null, status: 'todo' }, ctx.today)).toBe(false);
	});
});

describe('isoWeek', () => {
	it('runs Monday to Sunday, across months and years', () => {
		expect(isoWeek('2026-11-28')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
		expect(isoWeek('2026-11-23')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
		expect(isoWeek('2026-11-29')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
		expect(isoWeek('2027-01-01')).toEqual({ start: '2026-12-28', end: '2027-01-03' });
	});
});

describe('filters in the URL', () => {
	it('round-trips every criterion', () => {
		const filters: TaskFilters = {
			q: 'tva avril',
			clients: ['a', 'b'],
			assignees: ['paul'],
			mine: true,
			statuses: ['todo', 'in_progress'],
			categories: ['TVA', 'Prévisionnel'],
			due: 'range',
			from: '2026-01-01',
			to: '2026-12-31'
		};
		const params = filtersToSearchParams(filters);
		expect(filtersFromSearchParams(new URLSearchParams(params.toString()))).toEqual(filters);
		expect(params.toString()).toBe(
			'q=tva+avril&client=a&client=b&assignee=paul&mine=1&status=todo&status=in_progress&category=TVA&category=Pr%C3%A9visionnel&due=range&from=2026-01-01&to=2026-12-31'
		);
	});

	it('writes nothing for no filter, and drops what it cannot read', () => {
		expect(filtersToSearchParams(EMPTY_FILTERS).toString()).toBe('');
		const read = filtersFromSearchParams(
			new URLSearchParams(
				'status=finished&status=done&category=Poterie&due=soon&from=2026-02-30&mine=yes'
			)
		);
		expect(read).toEqual({ ...EMPTY_FILTERS, statuses: ['done'] });
		expect(activeFilterCount(read)).toBe(1);
		expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
	});
});
