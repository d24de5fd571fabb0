import { observeOverview, readRequestSummary } from '../doc/overview.ts';
import { DocCommandError } from '../doc/errors.ts';
import type { Actor } from '../doc/origins.ts';
import { createTask, observeTasks, readTask, setTaskStatus, updateTask } from '../doc/tasks.ts';
import { overviewDocName, tasksDocName } from '../domain/doc-names.ts';
import type { RequestSummary } from '../domain/overview.ts';
import { requestProgress, type RequestProgress } from '../domain/progress.ts';
import type { Status } from '../domain/status.ts';
import {
	EMPTY_FILTERS,
	isOverdue,
	matchesFilters,
	type TaskFilters
} from '../domain/task-filters.ts';
import type { Task, TaskInput, TaskPatch } from '../domain/task.ts';
import { TaskSearchIndex, toTaskSearchDoc } from '../search/task-index.ts';
import type { CollabSession } from '../sync/CollabSession.svelte.ts';
import type { DocumentSync } from '../sync/DocumentSync.svelte.ts';
import { localToday, Names, type Directory } from './directory.ts';

/** One line of the task summary. */
export interface TaskRow {
	task: Task;
	clientName: string;
	assigneeName: string;
	progress: RequestProgress;
	overdue: boolean;
}

export type CommandResult<T> =
	{ ok: true; value: T } | { ok: false; errors: Record<string, string> };

/**
 * The firm's « Tâches » workspace: the tasks document and the server-kept overview of every
 * client request, kept in plain maps updated from Yjs events, and a search index updated
 * incrementally from the same events — never rebuilt per keystroke.
 */
export class TasksWorkspace {
	readonly names: Names;
	readonly actor: Actor;
	readonly firmId: string;
	readonly tasksSync: DocumentSync;
	readonly overviewSync: DocumentSync;
	filters: TaskFilters = $state(EMPTY_FILTERS);
	today = $state(localToday());
	/** Bumped on every change of the documents: what `rows` depends on. */
	#version = $state(0);
	readonly #tasks = new Map<string, Task>();
	readonly #summaries = new Map<string, RequestSummary>();
	readonly #byTask = new Map<string, Set<string>>();
	readonly #index = new TaskSearchIndex();
	readonly #cleanups: (() => void)[] = [];

	constructor(
		session: CollabSession,
		user: { id: string; name: string; firmId: string },
		directory: Directory,
		filters: TaskFilters
	) {
		this.names = new Names(directory);
		this.actor = { id: user.id, name: user.name };
		this.firmId = user.firmId;
		this.filters = filters;
		const tasks = session.open(tasksDocName(user.firmId));
		const overview = session.open(overviewDocName(user.firmId));
		this.tasksSync = tasks.sync;
		this.overviewSync = overview.sync;
		this.#cleanups.push(
			tasks.release,
			overview.release,
			observeTasks(tasks.sync.doc, (ids) => this.#onTasks(ids)),
			observeOverview(overview.sync.doc, (ids) => this.#onSummaries(ids))
		);
	}

	/** Every task matching the filters and the search, soonest due first. */
	readonly rows: TaskRow[] = $derived.by(() => {
		void this.#version;
		const { filters, today } = this;
		const found = this.#index.search(filters.q);
		const context = { today, userId: this.actor.id };
		const rows: TaskRow[] = [];
		for (const task of this.#tasks.values()) {
			if (found && !found.has(task.id)) continue;
			if (!matchesFilters(task, filters, context)) continue;
			rows.push(this.#row(task));
		}
		return rows.sort(byDueThenTitle);
	});

	get ready(): boolean {
		return this.tasksSync.ready;
	}

	get taskCount(): number {
		void this.#version;
		return this.#tasks.size;
	}

	task(id: string): Task | null {
		void this.#version;
		return this.#tasks.get(id) ?? null;
	}

	/** The summaries of a task's requests, from the overview. */
	summariesOf(taskId: string): RequestSummary[] {
		void this.#version;
		return [...(this.#byTask.get(taskId) ?? [])].flatMap((id) => this.#summaries.get(id) ?? []);
	}

	/** Every request summary, for the per-client view. */
	allSummaries(): RequestSummary[] {
		void this.#version;
		return [...this.#summaries.values()];
	}

	row(taskId: string): TaskRow | null {
		const task = this.task(taskId);
		return task ? this.#row(task) : null;
	}

	createTask(input: TaskInput): CommandResult<Task> {
		return attempt(() => createTask(this.tasksSync.doc, input, this.actor));
	}

	updateTask(id: string, patch: TaskPatch): CommandResult<Task> {
		return attempt(() => updateTask(this.tasksSync.doc, id, patch, this.actor));
	}

	setStatus(id: string, status: Status): CommandResult<Task> {
		return attempt(() => setTaskStatus(this.tasksSync.doc, id, status, this.actor));
	}

	destroy(): void {
		for (const cleanup of this.#cleanups.splice(0)) cleanup();
	}

	#row(task: Task): TaskRow {
		return {
			task,
			clientName: this.names.client(task.clientId),
			assigneeName: this.names.staff(task.assigneeId),
			progress: requestProgress(this.summariesOf(task.id).map((s) => s.status)),
			overdue: isOverdue(task, this.today)
		};
	}

	#onTasks(ids: Set<string>): void {
		const doc = this.tasksSync.doc;
		for (const id of ids) {
			const task = readTask(doc, id);
			if (task) this.#tasks.set(id, task);
			else this.#tasks.delete(id);
			this.#reindex(id);
		}
		this.#version++;
	}

	#onSummaries(ids: Set<string>): void {
		const doc = this.overviewSync.doc;
		const touched = new Set<string>();
		for (const id of ids) {
			const before = this.#summaries.get(id);
			if (before) {
				this.#byTask.get(before.taskId)?.delete(id);
				touched.add(before.taskId);
			}
			const summary = readRequestSummary(doc, id);
			if (summary) {
				this.#summaries.set(id, summary);
				const set = this.#byTask.get(summary.taskId) ?? new Set();
				set.add(id);
				this.#byTask.set(summary.taskId, set);
				touched.add(summary.taskId);
			} else {
				this.#summaries.delete(id);
			}
		}
		for (const taskId of touched) this.#reindex(taskId);
		this.#version++;
	}

	#reindex(taskId: string): void {
		const task = this.#tasks.get(taskId);
		if (!task) {
			if (this.#index.has(taskId)) this.#index.discard(taskId);
			return;
		}
		this.#index.upsert(
			toTaskSearchDoc(task, {
				clientName: this.names.client(task.clientId),
				assigneeName: this.names.staff(task.assigneeId),
				requests: [...(this.#byTask.get(taskId) ?? [])].flatMap(
					(id) => this.#summaries.get(id) ?? []
				)
			})
		);
	}
}

function byDueThenTitle(a: TaskRow, b: TaskRow): number {
	const due = (a.task.dueDate ?? '9999').localeCompare(b.task.dueDate ?? '9999');
	return (
		due || a.task.title.localeCompare(b.task.title, 'fr') || a.task.id.localeCompare(b.task.id)
	);
}

/** Runs a command; a validation error becomes a result the form can show, field by field. */
export function attempt<T>(command: () => T): CommandResult<T> {
	try {
		return { ok: true, value: command() };
	} catch (error) {
		if (error instanceof DocCommandError) return { ok: false, errors: error.errors };
		throw error;
	}
}
