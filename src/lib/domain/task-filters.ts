import { isId } from './ids.ts';
import { isAnswered, isStatus, type Status } from './status.ts';
import type { RequestProgress } from './progress.ts';
import { isCategory, type Category, type Task } from './task.ts';
import { isIsoDate } from './validation.ts';

/** The due-date criteria, in the order the filter bar offers them. */
const DUE_FILTERS = ['overdue', 'week', 'range'] as const;

/** Late (`overdue`), due this ISO week (`week`), or due between `from` and `to` (`range`). */
export type DueFilter = (typeof DUE_FILTERS)[number];

const REMINDED_FILTERS = ['never', 'yes'] as const;

/**
 * « Relances » of the « Tâches » view. Reminders are counted per request; a task is « relancée »
 * (`yes`) when at least one of its requests was included in a reminder, and « jamais relancée »
 * (`never`) when none was — a task without any request is therefore « jamais relancée ».
 */
export type RemindedFilter = (typeof REMINDED_FILTERS)[number];

/**
 * The review criteria of the status filter: a task with a request « À valider » (`to_review`), or
 * whose requests are all « Validée » (`validated`, at least one).
 */
export const REVIEW_FILTERS = ['to_review', 'validated'] as const;

export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

export const REVIEW_FILTER_LABELS: Record<ReviewFilter, string> = {
	to_review: 'À valider',
	validated: 'Validée'
};

function isReviewFilter(value: unknown): value is ReviewFilter {
	return typeof value === 'string' && (REVIEW_FILTERS as readonly string[]).includes(value);
}

/**
 * The « Tâches » view's criteria, all combinable: lists mean « any of » within a criterion, and
 * criteria « all of ». `q` is the free text, matched by the search index and not here; `from` and
 * `to` only count when `due` is `range` (the view keeps them while another due filter is picked).
 */
export interface TaskFilters {
	q: string;
	clients: string[];
	assignees: string[];
	mine: boolean;
	statuses: Status[];
	/** Where the task's requests stand for the firm's review (URL key `review`). */
	review: ReviewFilter | null;
	categories: Category[];
	due: DueFilter | null;
	/** Inclusive bounds of the `range` filter, `YYYY-MM-DD`; either may be left open. */
	from: string | null;
	to: string | null;
	/** Null for every task, reminded or not. */
	reminded: RemindedFilter | null;
}

/** No criterion at all: every task. Frozen, since views share it as their starting value. */
export const EMPTY_FILTERS: TaskFilters = Object.freeze({
	q: '',
	clients: [],
	assignees: [],
	mine: false,
	statuses: [],
	review: null,
	categories: [],
	due: null,
	from: null,
	to: null,
	reminded: null
}) as TaskFilters;

/** Longest free text kept from a URL: a search box, not a place to park a document. */
const QUERY_MAX = 200;

/** True when `value` is one of {@link DUE_FILTERS}. */
function isDueFilter(value: unknown): value is DueFilter {
	return typeof value === 'string' && (DUE_FILTERS as readonly string[]).includes(value);
}

function isRemindedFilter(value: unknown): value is RemindedFilter {
	return typeof value === 'string' && (REMINDED_FILTERS as readonly string[]).includes(value);
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

/**
 * Reads the filters of a shared or bookmarked URL. Lenient, since URLs are typed, edited and kept
 * across versions: an unknown status, category or due filter, a malformed id or an impossible
 * date is dropped, duplicates are merged, and nothing ever throws.
 */
export function filtersFromSearchParams(params: URLSearchParams): TaskFilters {
	const due = params.get('due');
	const reminded = params.get('reminded');
	const range = due === 'range';
	const date = (key: string) => {
		const value = params.get(key);
		return range && isIsoDate(value) ? value : null;
	};
	return {
		q: (params.get('q') ?? '').slice(0, QUERY_MAX),
		clients: unique(params.getAll('client').filter(isId)),
		assignees: unique(params.getAll('assignee').filter(isId)),
		mine: params.get('mine') === '1',
		statuses: unique(params.getAll('status').filter(isStatus)),
		review: isReviewFilter(params.get('review')) ? (params.get('review') as ReviewFilter) : null,
		categories: unique(params.getAll('category').filter(isCategory)),
		due: isDueFilter(due) ? due : null,
		from: date('from'),
		to: date('to'),
		reminded: isRemindedFilter(reminded) ? reminded : null
	};
}

/**
 * The URL form of `filters`: only what differs from {@link EMPTY_FILTERS}, in a fixed key order
 * (q, client, assignee, mine, status, review, category, due, from, to, reminded) and lists as repeated keys, so that
 * the same filters always give the same, shareable URL. `from` and `to` are written only with
 * `due=range`; {@link filtersFromSearchParams} reads back what this writes.
 */
export function filtersToSearchParams(filters: TaskFilters): URLSearchParams {
	const params = new URLSearchParams();
	if (filters.q.trim()) params.set('q', filters.q);
	for (const id of filters.clients) params.append('client', id);
	for (const id of filters.assignees) params.append('assignee', id);
	if (filters.mine) params.set('mine', '1');
	for (const status of filters.statuses) params.append('status', status);
	if (filters.review) params.set('review', filters.review);
	for (const category of filters.categories) params.append('category', category);
	if (filters.due) params.set('due', filters.due);
	if (filters.due === 'range' && filters.from) params.set('from', filters.from);
	if (filters.due === 'range' && filters.to) params.set('to', filters.to);
	if (filters.reminded) params.set('reminded', filters.reminded);
	return params;
}

/** How many criteria are set, the free text included: the badge of « Effacer les filtres ». */
export function activeFilterCount(filters: TaskFilters): number {
	return [
		filters.q.trim() !== '',
		filters.clients.length > 0,
		filters.assignees.length > 0,
		filters.mine,
		filters.statuses.length > 0,
		filters.review !== null,
		filters.categories.length > 0,
		filters.due !== null,
		filters.reminded !== null
	].filter(Boolean).length;
}

/**
 * Late: due strictly before `today` (`YYYY-MM-DD`, the user's local day) and not done (nor, for a
 * request, answered « Sans objet » or « Justificatif perdu »). A task due today is not late yet;
 * one without a due date never is.
 */
export function isOverdue(
	item: { dueDate: string | null; status: string },
	today: string
): boolean {
	return item.dueDate !== null && item.dueDate < today && !isAnswered(item.status);
}

const DAY_MS = 86_400_000;

/**
 * The ISO week (Monday to Sunday, as French calendars run) holding `today`, a valid `YYYY-MM-DD`
 * date, as inclusive `YYYY-MM-DD` bounds. Computed in UTC on calendar dates, so that neither the
 * time zone nor a daylight-saving change can move a bound.
 */
export function isoWeek(today: string): { start: string; end: string } {
	const date = Date.parse(`${today}T00:00:00Z`);
	const sinceMonday = (new Date(date).getUTCDay() + 6) % 7;
	const start = date - sinceMonday * DAY_MS;
	const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
	return { start: day(start), end: day(start + 6 * DAY_MS) };
}

/**
 * Whether `task` passes every criterion of `filters` but the free text, which the caller matches
 * with the search index and intersects. `context.today` is the user's local day (`YYYY-MM-DD`) and
 * `context.userId` who « Mes tâches » means; `context.progressOf` gives the task's request progress
 * for the review filter (without it, no task passes a review filter). Tasks without a due date never pass a due filter.
 * `context.remindedTasks` holds the tasks with at least one reminded request (see
 * {@link RemindedFilter}); absent, no task counts as reminded.
 */
export function matchesFilters(
	task: Task,
	filters: TaskFilters,
	context: {
		today: string;
		userId: string;
		progressOf?: (taskId: string) => RequestProgress;
		remindedTasks?: ReadonlySet<string>;
	}
): boolean {
	if (filters.reminded !== null) {
		const reminded = context.remindedTasks?.has(task.id) ?? false;
		if (reminded !== (filters.reminded === 'yes')) return false;
	}
	if (filters.clients.length > 0 && !filters.clients.includes(task.clientId)) return false;
	if (filters.assignees.length > 0 && !filters.assignees.includes(task.assigneeId)) return false;
	if (filters.mine && task.assigneeId !== context.userId) return false;
	if (filters.statuses.length > 0 && !filters.statuses.includes(task.status)) return false;
	if (filters.review && !matchesReview(filters.review, context.progressOf?.(task.id))) return false;
	if (filters.categories.length > 0) {
		if (task.category === null || !filters.categories.includes(task.category)) return false;
	}
	return matchesDue(task, filters, context.today);
}

function matchesReview(filter: ReviewFilter, progress: RequestProgress | undefined): boolean {
	if (!progress) return false;
	if (filter === 'to_review') return progress.toReview > 0;
	return progress.total > 0 && progress.validated === progress.total;
}

let lastWeek = { today: '', start: '', end: '' };

/** {@link isoWeek}, remembered: the list asks it for each of thousands of tasks per keystroke. */
function weekOf(today: string): { start: string; end: string } {
	if (lastWeek.today !== today) lastWeek = { today, ...isoWeek(today) };
	return lastWeek;
}

function matchesDue(task: Task, filters: TaskFilters, today: string): boolean {
	if (filters.due === null) return true;
	const due = task.dueDate;
	if (due === null) return false;
	switch (filters.due) {
		case 'overdue':
			return isOverdue(task, today);
		case 'week': {
			const week = weekOf(today);
			return due >= week.start && due <= week.end;
		}
		case 'range':
			return (!filters.from || due >= filters.from) && (!filters.to || due <= filters.to);
	}
}
