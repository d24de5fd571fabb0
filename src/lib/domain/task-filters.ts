import { isStatus, type Status } from './status.ts';
import { isCategory, type Category, type Task } from './task.ts';
import { isIsoDate } from './validation.ts';

export type DueFilter = 'overdue' | 'week' | 'range';

/**
 * The view's criteria, all combinable: lists are « any of » within a criterion, criteria are
 * « all of ». `q` is the free text, matched by the search index, not here.
 */
export interface TaskFilters {
	q: string;
	clients: string[];
	assignees: string[];
	mine: boolean;
	statuses: Status[];
	categories: Category[];
	due: DueFilter | null;
	from: string | null;
	to: string | null;
}

export const EMPTY_FILTERS: TaskFilters = Object.freeze({
	q: '',
	clients: [],
	assignees: [],
	mine: false,
	statuses: [],
	categories: [],
	due: null,
	from: null,
	to: null
}) as TaskFilters;

const DUE_FILTERS: readonly string[] = ['overdue', 'week', 'range'];
const MAX_Q = 200;

/** Reads filters from a URL; anything unknown or invalid is dropped, never an error. */
export function filtersFromSearchParams(params: URLSearchParams): TaskFilters {
	const due = params.get('due');
	const date = (key: string) => {
		const value = params.get(key);
		return value && isIsoDate(value) ? value : null;
	};
	return {
		q: (params.get('q') ?? '').slice(0, MAX_Q),
		clients: params.getAll('client').filter(Boolean),
		assignees: params.getAll('assignee').filter(Boolean),
		mine: params.get('mine') === '1',
		statuses: params.getAll('status').filter(isStatus),
		categories: params.getAll('category').filter(isCategory),
		due: due && DUE_FILTERS.includes(due) ? (due as DueFilter) : null,
		from: date('from'),
		to: date('to')
	};
}

/** The URL form of filters: only what differs from no filter, in a stable order. */
export function filtersToSearchParams(filters: TaskFilters): URLSearchParams {
	const params = new URLSearchParams();
	if (filters.q) params.set('q', filters.q);
	for (const id of filters.clients) params.append('client', id);
	for (const id of filters.assignees) params.append('assignee', id);
	if (filters.mine) params.set('mine', '1');
	for (const status of filters.statuses) params.append('status', status);
	for (const category of filters.categories) params.append('category', category);
	if (filters.due) params.set('due', filters.due);
	if (filters.due === 'range' && filters.from) params.set('from', filters.from);
	if (filters.due === 'range' && filters.to) params.set('to', filters.to);
	return params;
}

/** How many criteria are set, the text included (for « Effacer les filtres »). */
export function activeFilterCount(filters: TaskFilters): number {
	return [
		filters.q.trim() !== '',
		filters.clients.length > 0,
		filters.assignees.length > 0,
		filters.mine,
		filters.statuses.length > 0,
		filters.categories.length > 0,
		filters.due !== null
	].filter(Boolean).length;
}

/** Late: due before today and not done. */
export function isOverdue(task: Pick<Task, 'dueDate' | 'status'>, today: string): boolean {
	return task.dueDate !== null && task.dueDate < today && task.status !== 'done';
}

/** The ISO week (Monday to Sunday) holding `today`, as `YYYY-MM-DD` bounds. */
export function isoWeek(today: string): { start: string; end: string } {
	const date = new Date(`${today}T00:00:00Z`);
	const fromMonday = (date.getUTCDay() + 6) % 7;
	const start = new Date(date.getTime() - fromMonday * 86_400_000);
	const end = new Date(start.getTime() + 6 * 86_400_000);
	return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/** Whether a task passes every criterion but the free text. */
export function matchesFilters(
	task: Task,
	filters: TaskFilters,
	context: { today: string; userId: string }
): boolean {
	if (filters.clients.length && !filters.clients.includes(task.clientId)) return false;
	if (filters.assignees.length && !filters.assignees.includes(task.assigneeId)) return false;
	if (filters.mine && task.assigneeId !== context.userId) return false;
	if (filters.statuses.length && !filters.statuses.includes(task.status)) return false;
	if (
		filters.categories.length &&
		(!task.category || !filters.categories.includes(task.category))
	) {
		return false;
	}
	return matchesDue(task, filters, context.today);
}

function matchesDue(task: Task, filters: TaskFilters, today: string): boolean {
	if (!filters.due) return true;
	const due = task.dueDate;
	if (!due) return false;
	if (filters.due === 'overdue') return isOverdue(task, today);
	if (filters.due === 'week') {
		const week = isoWeek(today);
		return due >= week.start && due <= week.end;
	}
	return (!filters.from || due >= filters.from) && (!filters.to || due <= filters.to);
}
