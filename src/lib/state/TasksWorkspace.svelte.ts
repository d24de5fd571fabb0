import { observeOverview, readRequestSummary } from '../doc/overview.ts';
import { DocCommandError } from '../doc/errors.ts';
import type { Actor } from '../doc/origins.ts';
import {
	createTask,
	observeTasks,
	readTask,
	readTasks,
	setTaskStatus,
	updateTask
} from '../doc/tasks.ts';
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
import { ViewCache } from '../sync/view-cache.ts';
import { localToday, Names, type Directory } from './directory.ts';
import { readSnapshot, toSnapshot, type TasksSnapshot } from './tasks-snapshot.ts';

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
	/** Replaced when the layout's directory reloads (a client created or renamed meanwhile). */
	names: Names;
	#directory: Directory;
	readonly actor: Actor;
	readonly firmId: string;
	readonly tasksSync: DocumentSync;
	readonly overviewSync: DocumentSync;
	filters: TaskFilters = $state(EMPTY_FILTERS);
	today = $state(localToday());
	/**
	 * Reminder counts per request, from the « Tâches » page load (the store, not Yjs): what the
	 * « Relances » filter reads, through the overview's request → task links.
	 */
	reminderStats: Record<string, { count: number; lastAt: string }> = $state.raw({});
	/** Bumped on every change of the documents: what the derived views depend on. */
	#version = $state(0);
	/** Bumped when tasks change (not their requests' summaries): what the sorted list depends on. */
	#tasksVersion = $state(0);
	readonly #tasks = new Map<string, Task>();
	readonly #summaries = new Map<string, RequestSummary>();
	readonly #byTask = new Map<string, Set<string>>();
	readonly #index = new TaskSearchIndex();
	/** Tasks whose search entry is out of date. */
	readonly #stale = new Set<string>();
	#idle: number | null = null;
	#indexRequested = false;
	#indexing = false;
	#destroyed = false;
	readonly #cleanups: (() => void)[] = [];
	/**
	 * The last visit's list, shown until the documents are in (see tasks-snapshot.ts): set while
	 * the tasks, or the progress counts, come from it rather than from the documents.
	 */
	#fromSnapshot = $state(false);
	#snapshotProgress: Map<string, RequestProgress> | null = null;
	#tasksFromDocs = false;
	readonly #cache: ViewCache<TasksSnapshot>;
	#saveTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		session: CollabSession,
		user: { id: string; name: string; firmId: string },
		directory: Directory,
		filters: TaskFilters
	) {
		this.#directory = directory;
		this.names = $state.raw(new Names(directory));
		this.actor = { id: user.id, name: user.name };
		this.firmId = user.firmId;
		this.filters = filters;
		this.#cache = new ViewCache(user.id, `tasks:${user.firmId}`);
		// The documents are read once the snapshot is on screen: applying them takes the main
		// thread for a while, and must not hold back the first paint.
		const shown = this.#cache
			.read()
			.then((value) => this.#showSnapshot(value))
			.then(nextPaint);
		const tasks = session.open(tasksDocName(user.firmId), { after: shown });
		// The overview (request summaries, several times the tasks' size) waits for the tasks: on a
		// first visit the rows then come first, and the progress bars fill in behind them.
		const overview = session.open(overviewDocName(user.firmId), {
			after: Promise.all([shown, tasks.sync.whenReady])
		});
		this.tasksSync = tasks.sync;
		this.overviewSync = overview.sync;
		this.#cleanups.push(
			tasks.release,
			overview.release,
			observeTasks(tasks.sync.doc, (ids) => this.#onTasks(ids)),
			observeOverview(overview.sync.doc, (ids) => this.#onSummaries(ids))
		);
	}

	/**
	 * A newer directory (a client or colleague added or renamed meanwhile): the rows show the new
	 * names at once, and the tasks whose client or collaborator was renamed are indexed again, so
	 * that the search finds them by their new name.
	 */
	setDirectory(directory: Directory): void {
		const known = this.#directory;
		if (directory.clients === known.clients && directory.staff === known.staff) return;
		const before = this.names;
		this.#directory = directory;
		this.names = new Names(directory);
		for (const task of this.#tasks.values()) {
			const renamed =
				before.client(task.clientId) !== this.names.client(task.clientId) ||
				before.staff(task.assigneeId) !== this.names.staff(task.assigneeId);
			if (renamed) this.#stale.add(task.id);
		}
		if (this.#stale.size > 0) this.#changed();
	}

	/** Every task, soonest due first: sorted when tasks change, not per keystroke. */
	readonly #sorted: Task[] = $derived.by(() => {
		void this.#tasksVersion;
		return [...this.#tasks.values()].sort(byDueThenTitle);
	});

	/** The tasks matching the filters and the search, in the summary's order. */
	readonly tasks: Task[] = $derived.by(() => {
		// A plain copy: the loop below reads the filters thousands of times, each read of the
		// reactive proxy a signal lookup.
		const filters = $state.snapshot(this.filters);
		const today = this.today;
		const found = filters.q.trim() ? this.#search(filters.q) : null;
		const context = {
			today,
			userId: this.actor.id,
			progressOf: (id: string) => this.#progressOf(id),
			remindedTasks: filters.reminded ? this.#remindedTasks() : undefined
		};
		const out = this.#sorted.filter(
			(task) => (!found || found.has(task.id)) && matchesFilters(task, filters, context)
		);
		// The same list as before (a first letter, a word that narrows nothing): the same array,
		// so that what depends on it (the table, the count) is not worked out again.
		const last = this.#lastTasks;
		if (out.length === last.length && out.every((task, i) => task === last[i])) return last;
		this.#lastTasks = out;
		return out;
	});
	#lastTasks: Task[] = [];

	/** The tasks with at least one reminded request (see `RemindedFilter`). */
	#remindedTasks(): Set<string> {
		void this.#version;
		const tasks = new Set<string>();
		for (const [requestId, stats] of Object.entries(this.reminderStats)) {
			const taskId = stats.count > 0 ? this.#summaries.get(requestId)?.taskId : undefined;
			if (taskId) tasks.add(taskId);
		}
		return tasks;
	}

	/** Something to show: the documents, or the last visit's snapshot while they load. */
	get ready(): boolean {
		return this.tasksSync.ready || this.#fromSnapshot;
	}

	/** Every request summary is in (the per-client view needs them all). */
	get summariesReady(): boolean {
		return this.overviewSync.ready;
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

	/** Every task, unfiltered, soonest due first (the workload view counts them all). */
	allTasks(): Task[] {
		return this.#sorted;
	}

	/** Every request summary, for the per-client view. */
	allSummaries(): RequestSummary[] {
		void this.#version;
		return [...this.#summaries.values()];
	}

	/**
	 * What the summary shows of a task: names, progress of its requests, lateness. The same object
	 * for as long as the documents, the names and the day stay the same: a row still on screen
	 * after a keystroke is then left alone by the table, only the rows that come in are drawn.
	 */
	row(task: Task): TaskRow {
		const version = this.#version;
		const names = this.names;
		const today = this.today;
		const drawn = this.#rowsOf;
		if (drawn.version !== version || drawn.names !== names || drawn.today !== today) {
			this.#rows.clear();
			this.#rowsOf = { version, names, today };
		}
		let row = this.#rows.get(task.id);
		if (row?.task !== task) {
			row = {
				task,
				clientName: names.client(task.clientId),
				assigneeName: names.staff(task.assigneeId),
				progress: this.#progressOf(task.id),
				overdue: isOverdue(task, today)
			};
			this.#rows.set(task.id, row);
		}
		return row;
	}
	readonly #rows = new Map<string, TaskRow>();
	#rowsOf: { version: number; names: Names | null; today: string } = {
		version: -1,
		names: null,
		today: ''
	};

	#progressOf(taskId: string): RequestProgress {
		const cached = this.#snapshotProgress?.get(taskId);
		if (cached) return cached;
		return requestProgress(this.summariesOf(taskId));
	}

	createTask(input: TaskInput): CommandResult<Task> {
		return attempt(() => createTask(this.tasksSync.doc, input, this.actor));
	}

	updateTask(id: string, patch: TaskPatch): CommandResult<Task> {
		return attempt(() => updateTask(this.tasksSync.doc, id, patch, this.actor));
	}

	/**
	 * Changed in place from the list. While the list is the last visit's (the tasks document not
	 * read yet), the change waits for the document rather than being refused.
	 */
	setStatus(id: string, status: Status): CommandResult<Task> {
		const shown = this.#tasks.get(id);
		if (!this.tasksSync.ready && shown) {
			void this.tasksSync.whenReady.then(() => this.setStatus(id, status));
			return { ok: true, value: { ...shown, status } };
		}
		return attempt(() => setTaskStatus(this.tasksSync.doc, id, status, this.actor));
	}

	#showSnapshot(value: unknown): void {
		const snapshot = readSnapshot(value);
		// The documents may have come first (nothing was cached, or a very fast disk).
		if (!snapshot || this.#tasksFromDocs) return;
		for (const task of snapshot.tasks) this.#tasks.set(task.id, task);
		this.#snapshotProgress = snapshot.progress;
		this.#fromSnapshot = true;
		this.#tasksVersion++;
		this.#version++;
	}

	/** Keeps the list for the next visit, a few seconds after the documents last changed. */
	#scheduleSave(): void {
		if (!this.#tasksFromDocs || this.#snapshotProgress) return;
		clearTimeout(this.#saveTimer);
		this.#saveTimer = setTimeout(() => {
			const snapshot = toSnapshot(this.#tasks.values(), (id) => this.#progressOf(id));
			void this.#cache.write(snapshot);
		}, SAVE_DELAY_MS);
	}

	destroy(): void {
		this.#destroyed = true;
		clearTimeout(this.#saveTimer);
		if (this.#idle !== null && typeof cancelIdleCallback === 'function') {
			cancelIdleCallback(this.#idle);
		}
		for (const cleanup of this.#cleanups.splice(0)) cleanup();
	}

	#onTasks(ids: Set<string>): void {
		const doc = this.tasksSync.doc;
		if (!this.#tasksFromDocs) {
			// The documents take over from the snapshot: every task is re-read, and those the
			// snapshot had but the document has not are gone.
			this.#tasksFromDocs = true;
			for (const id of this.#tasks.keys()) ids.add(id);
			for (const task of readTasks(doc)) ids.add(task.id);
			this.#fromSnapshot = false;
		}
		for (const id of ids) {
			const task = readTask(doc, id);
			if (task) this.#tasks.set(id, task);
			else this.#tasks.delete(id);
			this.#stale.add(id);
		}
		this.#tasksVersion++;
		this.#changed();
	}

	#onSummaries(ids: Set<string>): void {
		const doc = this.overviewSync.doc;
		this.#snapshotProgress = null;
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
		for (const taskId of touched) this.#stale.add(taskId);
		this.#changed();
	}

	#changed(): void {
		this.#version++;
		this.#scheduleSave();
		this.#scheduleIndex();
	}

	#scheduleIndex(): void {
		if (this.#indexing && !this.#destroyed) {
			this.#idle ??= whenIdle((deadline) => this.#refreshIndex(deadline));
		}
	}

	/**
	 * Keep the search index up to date in idle time, once both documents are in. The view calls it
	 * once its rows are on screen: building the index for 5,000 tasks takes a few hundred
	 * milliseconds, which must not delay the first screen (a search before then builds what it
	 * needs at once). Not from the last visit's list either: the tasks document, then the
	 * overview's summaries, would each make every entry stale again, work thrown away while the
	 * documents load.
	 */
	indexInBackground(): void {
		if (this.#indexRequested) return;
		this.#indexRequested = true;
		void Promise.all([this.tasksSync.whenReady, this.overviewSync.whenReady]).then(() => {
			this.#indexing = true;
			this.#scheduleIndex();
		});
	}

	/**
	 * Brings the search index up to date with the tasks changed since it last ran. In idle time it
	 * works in slices and yields, so that loading 5,000 tasks never freezes the page; before a
	 * search it finishes the job at once.
	 */
	#refreshIndex(deadline?: IdleDeadline): void {
		this.#idle = null;
		const docs = [];
		for (const taskId of this.#stale) {
			const sliceDone = docs.length > 0 && docs.length % 50 === 0;
			if (deadline && sliceDone && deadline.timeRemaining() < 2) break;
			this.#stale.delete(taskId);
			const task = this.#tasks.get(taskId);
			if (!task) this.#index.discard(taskId);
			else docs.push(this.#searchDoc(task));
		}
		this.#index.upsertAll(docs);
		if (this.#stale.size > 0) this.#idle ??= whenIdle((next) => this.#refreshIndex(next));
	}

	#search(query: string): Set<string> | null {
		this.#refreshIndex();
		return this.#index.search(query);
	}

	#searchDoc(task: Task) {
		return toTaskSearchDoc(task, {
			clientName: this.names.client(task.clientId),
			assigneeName: this.names.staff(task.assigneeId),
			requests: this.summariesOf(task.id)
		});
	}
}

/** The snapshot is written this long after the last change (a burst of edits writes once). */
const SAVE_DELAY_MS = 1000;

/** Resolves once the browser has painted what is on screen now. */
function nextPaint(): Promise<void> {
	return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** Runs `work` when the browser is idle (at the latest after a second). */
function whenIdle(work: (deadline?: IdleDeadline) => void): number {
	return typeof requestIdleCallback === 'function'
		? requestIdleCallback(work, { timeout: 1000 })
		: (setTimeout(work, 50) as unknown as number);
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

function byDueThenTitle(a: Task, b: Task): number {
	const due = (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999');
	return due || collator.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
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
