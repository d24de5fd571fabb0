import type { InfoRequest } from './request.ts';
import { byClientPriority } from './request-filters.ts';
import { reviewState } from './review.ts';
import type { Task } from './task.ts';

/**
 * All a client is shown of a task: its title, as the heading of its requests. Tasks are the
 * firm's data (DESIGN §2); the portal's load hands out this much and nothing else.
 */
export interface PortalTask {
	id: string;
	title: string;
	dueDate: string | null;
}

/** The tasks of `clientId` reduced to {@link PortalTask}: no other client's, no other field. */
export function portalTasks(tasks: readonly Task[], clientId: string): PortalTask[] {
	return tasks
		.filter((task) => task.clientId === clientId)
		.map((task) => ({ id: task.id, title: task.title, dueDate: task.dueDate }));
}

/** Where the requests of a task the page does not know go (created since the page loaded). */
export const OTHER_REQUESTS = 'Autres demandes';

export interface RequestGroup {
	/** The task's id, or `null` for {@link OTHER_REQUESTS}. */
	taskId: string | null;
	title: string;
	/** Something here still waits for the client (« À faire » or « En cours », not validated). */
	awaiting: boolean;
	requests: InfoRequest[];
}

const awaitsClient = (request: InfoRequest) => {
	const state = reviewState(request);
	return state === 'todo' || state === 'in_progress';
};

const NO_DATE = '9999-12-31';

/**
 * The portal's requests by task, what is left to do first: groups awaiting the client before the
 * others, then by the earliest due date of what they wait for (of all their requests otherwise;
 * an undated request counts its task's), then by title. The order comes from every request, so that a filter hides without reordering;
 * within a group, {@link byClientPriority}. `shown` filters the requests; an empty group is left out.
 */
export function groupRequests(
	requests: readonly InfoRequest[],
	tasks: readonly PortalTask[],
	shown: (request: InfoRequest) => boolean = () => true
): RequestGroup[] {
	const known = new Map(tasks.map((task) => [task.id, task]));
	const byTask = new Map<string | null, InfoRequest[]>();
	for (const request of requests) {
		const key = known.has(request.taskId) ? request.taskId : null;
		const list = byTask.get(key);
		if (list) list.push(request);
		else byTask.set(key, [request]);
	}
	const ranked = [...byTask].map(([taskId, all]) => {
		const awaiting = all.some(awaitsClient);
		// An undated request is due when its task is (the seed's requests carry no date).
		const taskDue = taskId === null ? null : known.get(taskId)!.dueDate;
		const dates = (awaiting ? all.filter(awaitsClient) : all).map(
			(r) => r.dueDate ?? taskDue ?? NO_DATE
		);
		return {
			taskId,
			title: taskId === null ? OTHER_REQUESTS : known.get(taskId)!.title,
			awaiting,
			due: dates.reduce((a, b) => (b < a ? b : a), NO_DATE),
			requests: all.filter(shown).sort(byClientPriority)
		};
	});
	ranked.sort(
		(a, b) =>
			Number(b.awaiting) - Number(a.awaiting) ||
			a.due.localeCompare(b.due) ||
			Number(a.taskId === null) - Number(b.taskId === null) ||
			a.title.localeCompare(b.title, 'fr') ||
			(a.taskId ?? '').localeCompare(b.taskId ?? '')
	);
	return ranked
		.filter((group) => group.requests.length > 0)
		.map(({ taskId, title, awaiting, requests }) => ({ taskId, title, awaiting, requests }));
}
