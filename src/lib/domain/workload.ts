import type { RequestSummary } from './overview.ts';
import { EMPTY_FILTERS, isOverdue, type TaskFilters } from './task-filters.ts';
import type { Task } from './task.ts';

/**
 * « Charge de travail »: open tasks and late requests per collaborator and per client, as the
 * bars of two charts, worst first. Pure data; the chart draws it and links each bar to its list.
 */

/** One bar: a collaborator or a client and its counts. */
export interface WorkloadBar {
	id: string;
	label: string;
	/** Tasks not « Terminée ». */
	openTasks: number;
	/** Of those, the ones past their due date. */
	overdueTasks: number;
	/** Requests not « Terminée » and past their due date (for a collaborator: on their tasks). */
	lateRequests: number;
	/** The « Tâches » filters that list this bar's open tasks. */
	filters: TaskFilters;
}

export interface Workload {
	byCollaborator: WorkloadBar[];
	byClient: WorkloadBar[];
	/** The longest bar of each measure over both charts, so that they share a scale (at least 1). */
	scale: { openTasks: number; lateRequests: number };
}

export interface WorkloadNames {
	client(id: string): string;
	staff(id: string): string;
}

const OPEN_STATUSES: TaskFilters['statuses'] = ['todo', 'in_progress'];

/**
 * Counts `tasks` and `requests` (the overview's summaries) as of `today` (`YYYY-MM-DD`). Who or
 * what has nothing open is left out, except the collaborators in `staffIds` (the firm's active
 * staff), who appear with zero bars: an idle collaborator is worth seeing too. Bars are ordered by
 * late requests, then overdue tasks, then open tasks, all decreasing, then by name.
 */
export function workload(
	tasks: readonly Task[],
	requests: readonly RequestSummary[],
	names: WorkloadNames,
	today: string,
	staffIds: Iterable<string> = []
): Workload {
	const staff = new Counter((id) => names.staff(id), 'assignees');
	const clients = new Counter((id) => names.client(id), 'clients');
	for (const id of staffIds) staff.bar(id);
	const assigneeOf = new Map<string, string>();
	for (const task of tasks) {
		assigneeOf.set(task.id, task.assigneeId);
		if (task.status === 'done') continue;
		const overdue = isOverdue(task, today) ? 1 : 0;
		for (const bar of [staff.bar(task.assigneeId), clients.bar(task.clientId)]) {
			bar.openTasks++;
			bar.overdueTasks += overdue;
		}
	}
	for (const request of requests) {
		if (!isOverdue(request, today)) continue;
		clients.bar(request.clientId).lateRequests++;
		const assignee = assigneeOf.get(request.taskId);
		if (assignee !== undefined) staff.bar(assignee).lateRequests++;
	}
	const byCollaborator = staff.sorted();
	const byClient = clients.sorted();
	const all = [...byCollaborator, ...byClient];
	return {
		byCollaborator,
		byClient,
		scale: {
			openTasks: Math.max(1, ...all.map((b) => b.openTasks)),
			lateRequests: Math.max(1, ...all.map((b) => b.lateRequests))
		}
	};
}

/** Worst first: late requests, then overdue tasks, then open tasks, then the name. */
export function byWorkload(a: WorkloadBar, b: WorkloadBar): number {
	return (
		b.lateRequests - a.lateRequests ||
		b.overdueTasks - a.overdueTasks ||
		b.openTasks - a.openTasks ||
		a.label.localeCompare(b.label, 'fr')
	);
}

class Counter {
	readonly #bars = new Map<string, WorkloadBar>();
	readonly #label: (id: string) => string;
	readonly #filter: 'assignees' | 'clients';

	constructor(label: (id: string) => string, filter: 'assignees' | 'clients') {
		this.#label = label;
		this.#filter = filter;
	}

	bar(id: string): WorkloadBar {
		let bar = this.#bars.get(id);
		if (!bar) {
			const filters = { ...EMPTY_FILTERS, statuses: [...OPEN_STATUSES], [this.#filter]: [id] };
			bar = { id, label: this.#label(id), openTasks: 0, overdueTasks: 0, lateRequests: 0, filters };
			this.#bars.set(id, bar);
		}
		return bar;
	}

	sorted(): WorkloadBar[] {
		return [...this.#bars.values()].sort(byWorkload);
	}
}
