import type { InfoRequest } from './request.ts';
import { REQUEST_STATUSES, type RequestStatus } from './status.ts';
import { isOverdue, isoWeek } from './task-filters.ts';

/** What a client filters its requests by; the free text goes through the search index. */
export interface RequestFilters {
	q: string;
	status: RequestStatus | null;
	due: 'overdue' | 'week' | null;
}

export const NO_REQUEST_FILTER: RequestFilters = Object.freeze({ q: '', status: null, due: null });

/** Whether a request passes the status and due-date criteria. */
export function matchesRequestFilters(
	request: Pick<InfoRequest, 'status' | 'dueDate'>,
	filters: RequestFilters,
	today: string
): boolean {
	if (filters.status && request.status !== filters.status) return false;
	if (filters.due === 'overdue') return isOverdue(request, today);
	if (filters.due === 'week') {
		if (!request.dueDate) return false;
		const week = isoWeek(today);
		return request.dueDate >= week.start && request.dueDate <= week.end;
	}
	return true;
}

/**
 * The order a client reads its requests in: what is left to do first (« À faire », then « En
 * cours », then its answers, those the firm validated last), soonest due first, undated last,
 * then oldest first.
 */
export function byClientPriority(a: InfoRequest, b: InfoRequest): number {
	const status = rank(a) - rank(b);
	if (status) return status;
	const due = (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31');
	if (due) return due;
	return a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function rank(request: InfoRequest): number {
	const offset = request.review === 'validated' ? REQUEST_STATUSES.length : 0;
	return offset + REQUEST_STATUSES.indexOf(request.status);
}
