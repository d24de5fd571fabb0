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

const task = (extra: Partial<Task> = {}): Task => ({
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
/** A Saturday. */
const ctx = { today: '2026-11-28', userId: 'claire' };
const match = (t: Partial<Task>, f: Partial<TaskFilters>, context = ctx) =>
	matchesFilters(task(t), { ...EMPTY_FILTERS, ...f }, context);
const read = (query: string) => filtersFromSearchParams(new URLSearchParams(query));

describe('matchesFilters, each criterion alone', () => {
	it('lets every task through with no filter, and the text is not its business', () => {
		expect(match({}, {})).toBe(true);
		expect(match({ dueDate: null, category: null }, {})).toBe(true);
		expect(match({}, { q: 'anything at all' })).toBe(true);
	});

	it('filters by client and collaborator, any of the listed ones', () => {
		expect(match({}, { clients: ['alter', 'dupont'] })).toBe(true);
		expect(match({}, { clients: ['dupont'] })).toBe(false);
		expect(match({}, { assignees: ['claire', 'paul'] })).toBe(true);
		expect(match({}, { assignees: ['claire'] })).toBe(false);
	});

	it('keeps my tasks only with « mine »', () => {
		expect(match({ assigneeId: 'claire' }, { mine: true })).toBe(true);
		expect(match({}, { mine: true })).toBe(false);
	});

	it('filters by status and category; a task without category never matches one', () => {
		expect(match({}, { statuses: ['todo', 'done'] })).toBe(true);
		expect(match({}, { statuses: ['done'] })).toBe(false);
		expect(match({}, { categories: ['Bilan', 'TVA'] })).toBe(true);
		expect(match({}, { categories: ['Bilan'] })).toBe(false);
		expect(match({ category: null }, { categories: ['TVA'] })).toBe(false);
	});

	it('knows overdue: due before today and not done', () => {
		expect(match({ dueDate: '2026-11-27' }, { due: 'overdue' })).toBe(true);
		expect(match({ dueDate: '2025-01-01', status: 'in_progress' }, { due: 'overdue' })).toBe(true);
		expect(match({ dueDate: '2026-11-27', status: 'done' }, { due: 'overdue' })).toBe(false);
		expect(match({ dueDate: '2026-11-28' }, { due: 'overdue' })).toBe(false);
		expect(isOverdue({ dueDate: '2026-11-27', status: 'todo' }, ctx.today)).toBe(true);
		expect(isOverdue({ dueDate: null, status: 'todo' }, ctx.today)).toBe(false);
	});

	it('knows this week, Monday to Sunday', () => {
		expect(match({ dueDate: '2026-11-22' }, { due: 'week' })).toBe(false);
		expect(match({ dueDate: '2026-11-23' }, { due: 'week' })).toBe(true);
		expect(match({ dueDate: '2026-11-29' }, { due: 'week' })).toBe(true);
		expect(match({ dueDate: '2026-11-30' }, { due: 'week' })).toBe(false);
		const monday = { ...ctx, today: '2026-11-30' };
		expect(match({ dueDate: '2026-11-29' }, { due: 'week' }, monday)).toBe(false);
		expect(match({ dueDate: '2026-12-06' }, { due: 'week' }, monday)).toBe(true);
	});

	it('knows ranges, bounds included and either one optional', () => {
		const range = { due: 'range' } as const;
		expect(match({}, { ...range, from: '2026-11-25', to: '2026-11-25' })).toBe(true);
		expect(match({}, { ...range, from: '2026-11-26' })).toBe(false);
		expect(match({}, { ...range, to: '2026-11-24' })).toBe(false);
		expect(match({}, { ...range, to: '2026-11-25' })).toBe(true);
		expect(match({}, range)).toBe(true);
	});

	it('never lets a task without a due date through a due filter', () => {
		for (const due of ['overdue', 'week', 'range'] as const) {
			expect(match({ dueDate: null }, { due }), due).toBe(false);
		}
	});
});

describe('matchesFilters, criteria combined', () => {
	it('requires every criterion (AND) and any value within one (OR)', () => {
		const filters: Partial<TaskFilters> = {
			clients: ['alter', 'dupont'],
			statuses: ['todo', 'in_progress'],
			categories: ['TVA'],
			due: 'week'
		};
		expect(match({}, filters)).toBe(true);
		expect(match({ clientId: 'dupont', status: 'in_progress' }, filters)).toBe(true);
		expect(match({ clientId: 'martin' }, filters)).toBe(false);
		expect(match({ status: 'done' }, filters)).toBe(false);
		expect(match({ category: 'Bilan' }, filters)).toBe(false);
		expect(match({ dueDate: '2026-12-01' }, filters)).toBe(false);
		expect(match({ assigneeId: 'claire' }, { ...filters, mine: true })).toBe(true);
		expect(match({}, { ...filters, mine: true })).toBe(false);
	});
});

describe('isoWeek', () => {
	it('runs Monday to Sunday whatever the day', () => {
		const week = { start: '2026-11-23', end: '2026-11-29' };
		expect(isoWeek('2026-11-23')).toEqual(week);
		expect(isoWeek('2026-11-28')).toEqual(week);
		expect(isoWeek('2026-11-29')).toEqual(week);
		expect(isoWeek('2026-11-30')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
	});

	it('crosses months, years and leap days', () => {
		expect(isoWeek('2027-01-01')).toEqual({ start: '2026-12-28', end: '2027-01-03' });
		expect(isoWeek('2026-12-31')).toEqual({ start: '2026-12-28', end: '2027-01-03' });
		expect(isoWeek('2028-03-01')).toEqual({ start: '2028-02-28', end: '2028-03-05' });
	});

	it('ignores daylight-saving changes (last Sunday of March and of October)', () => {
		expect(isoWeek('2026-03-29')).toEqual({ start: '2026-03-23', end: '2026-03-29' });
		expect(isoWeek('2026-10-26')).toEqual({ start: '2026-10-26', end: '2026-11-01' });
	});
});

describe('matchesFilters, reminders', () => {
	const reminded = { ...ctx, remindedTasks: new Set(['t']) };

	it('« relancées »: a task with at least one reminded request', () => {
		expect(match({}, { reminded: 'yes' }, reminded)).toBe(true);
		expect(match({ id: 'other' }, { reminded: 'yes' }, reminded)).toBe(false);
	});

	it('« jamais relancées »: a task none of whose requests was reminded', () => {
		expect(match({}, { reminded: 'never' }, reminded)).toBe(false);
		expect(match({ id: 'other' }, { reminded: 'never' }, reminded)).toBe(true);
	});

	it('counts no task as reminded while the counts are not known', () => {
		expect(match({}, { reminded: 'never' })).toBe(true);
		expect(match({}, { reminded: 'yes' })).toBe(false);
		expect(match({}, {})).toBe(true);
	});
});

describe('filters in the URL', () => {
	const full: TaskFilters = {
		q: 'tva avril',
		clients: ['a', 'b'],
		assignees: ['paul'],
		mine: true,
		statuses: ['todo', 'in_progress'],
		review: null,
		categories: ['TVA', 'Prévisionnel'],
		due: 'range',
		from: '2026-01-01',
		to: '2026-12-31',
		reminded: 'yes'
	};

	it('writes only what is set, in a stable order with repeated keys for lists', () => {
		expect(filtersToSearchParams(EMPTY_FILTERS).toString()).toBe('');
		expect(filtersToSearchParams({ ...EMPTY_FILTERS, q: '  ' }).toString()).toBe('');
		expect(filtersToSearchParams(full).toString()).toBe(
			'q=tva+avril&client=a&client=b&assignee=paul&mine=1&status=todo&status=in_progress' +
				'&category=TVA&category=Pr%C3%A9visionnel&due=range&from=2026-01-01&to=2026-12-31' +
				'&reminded=yes'
		);
	});

	it('round-trips every criterion, alone and together', () => {
		const single: Partial<TaskFilters>[] = [
			{ q: 'prévisionnel 2019-04' },
			{ clients: ['a'] },
			{ assignees: ['x', 'y'] },
			{ mine: true },
			{ statuses: ['done'] },
			{ categories: ['Autre'] },
			{ due: 'overdue' },
			{ due: 'week' },
			{ due: 'range', from: '2026-02-01' },
			{ due: 'range', to: '2026-02-28' },
			{ reminded: 'never' },
			{ reminded: 'yes' }
		];
		for (const filters of [...single.map((f) => ({ ...EMPTY_FILTERS, ...f })), full]) {
			const url = filtersToSearchParams(filters).toString();
			expect(read(url), url).toEqual(filters);
		}
	});

	it('keeps range bounds out of the URL unless the range is the due filter', () => {
		const week = { ...full, due: 'week' as const };
		expect(filtersToSearchParams(week).get('from')).toBeNull();
		expect(read('due=week&from=2026-01-01&to=2026-02-01')).toEqual({
			...EMPTY_FILTERS,
			due: 'week'
		});
	});

	it('drops what it cannot read, and never throws', () => {
		const filters = read(
			'status=finished&status=done&status=done&category=Poterie&category=Paie&due=soon' +
				'&client=a%2Fb&client=&client=ok&mine=yes&from=2026-02-30&to=demain&zzz=1&reminded=often'
		);
		expect(filters).toEqual({
			...EMPTY_FILTERS,
			clients: ['ok'],
			statuses: ['done'],
			categories: ['Paie']
		});
		expect(read('due=range&from=2026-02-30&to=2026-03-01')).toEqual({
			...EMPTY_FILTERS,
			due: 'range',
			to: '2026-03-01'
		});
		expect(read('q=' + 'x'.repeat(500)).q).toHaveLength(200);
		expect(read('')).toEqual(EMPTY_FILTERS);
	});
});

describe('activeFilterCount', () => {
	it('counts criteria, not values', () => {
		expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
		expect(activeFilterCount({ ...EMPTY_FILTERS, q: '   ' })).toBe(0);
		expect(activeFilterCount({ ...EMPTY_FILTERS, clients: ['a', 'b'], due: 'week' })).toBe(2);
		const all: TaskFilters = {
			q: 'x',
			clients: ['a'],
			assignees: ['b'],
			mine: true,
			statuses: ['todo'],
			review: null,
			categories: ['TVA'],
			due: 'range',
			from: '2026-01-01',
			to: null,
			reminded: 'never'
		};
		expect(activeFilterCount(all)).toBe(8);
	});
});
