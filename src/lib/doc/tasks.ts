import * as Y from 'yjs';
import { isStatus, type Status } from '../domain/status.ts';
import {
	parseTask,
	TASK_FIELDS,
	validateTaskInput,
	validateTaskPatch,
	type Task,
	type TaskInput,
	type TaskPatch
} from '../domain/task.ts';
import {
	changeEntry,
	deleteEntry,
	entryAt,
	entryParser,
	observeEntries,
	readEntries,
	requireActor,
	resolveNewId,
	resolveNow,
	unwrap,
	writeChanges,
	type CommandOptions
} from './entries.ts';
import { DocCommandError } from './errors.ts';
import { commandOrigin, type Actor } from './origins.ts';
import { tasksMap } from './schema.ts';

/** A task entry as a validated snapshot, or `null` if malformed or filed under another key. */
const parseEntry = entryParser(TASK_FIELDS, parseTask);

/** All valid tasks as plain snapshots, by creation date then id; malformed entries are skipped. */
export function readTasks(doc: Y.Doc): Task[] {
	return readEntries(tasksMap(doc), parseEntry);
}

/** One task as a plain snapshot, or `null` if absent (deleted, not synced yet) or malformed. */
export function readTask(doc: Y.Doc, id: string): Task | null {
	const entry = entryAt(tasksMap(doc), id);
	return entry && parseEntry(entry, id);
}

/**
 * Creates a task from untrusted input, in one transaction with origin `createTask`. Throws a
 * {@link DocCommandError} (and writes nothing) when the input or the actor is invalid.
 */
export function createTask(
	doc: Y.Doc,
	input: TaskInput,
	actor: Actor,
	opts: CommandOptions = {}
): Task {
	const fields = unwrap(validateTaskInput(input));
	requireActor(actor);
	const root = tasksMap(doc);
	const id = resolveNewId(root, opts.id);
	const now = resolveNow(opts.now);
	const task: Task = { id, ...fields, createdAt: now, createdBy: actor.id, updatedAt: now };
	doc.transact(
		() => {
			root.set(id, new Y.Map<unknown>(Object.entries(task)));
		},
		commandOrigin('createTask', actor)
	);
	return task;
}

/**
 * Applies a partial update (origin `updateTask`); only fields that change are written, and then
 * `updatedAt`. Throws `not_found` if the task is gone, `invalid` if the patch is.
 */
export function updateTask(
	doc: Y.Doc,
	id: string,
	patch: TaskPatch,
	actor: Actor,
	opts: CommandOptions = {}
): Task {
	return applyTaskChanges(doc, id, unwrap(validateTaskPatch(patch)), actor, opts, 'updateTask');
}

/** Moves a task to `status` (origin `setTaskStatus`); same contract as {@link updateTask}. */
export function setTaskStatus(
	doc: Y.Doc,
	id: string,
	status: Status,
	actor: Actor,
	opts: CommandOptions = {}
): Task {
	if (!isStatus(status)) throw new DocCommandError({ status: 'Statut invalide.' });
	return applyTaskChanges(doc, id, { status }, actor, opts, 'setTaskStatus');
}

/**
 * Deletes a task (origin `deleteTask`). Returns `false` when it was already gone, which is not an
 * error: a colleague may have deleted it first.
 */
export function deleteTask(doc: Y.Doc, id: string, actor: Actor): boolean {
	return deleteEntry(doc, tasksMap(doc), id, actor, 'deleteTask');
}

/**
 * Subscribes to task changes: after each transaction, `callback` receives the ids of the tasks
 * created, changed or deleted (a deleted id then reads as `null`). Returns the unsubscribe.
 */
export function observeTasks(doc: Y.Doc, callback: (changedIds: Set<string>) => void): () => void {
	return observeEntries(tasksMap(doc), callback);
}

function applyTaskChanges(
	doc: Y.Doc,
	id: string,
	changes: Partial<Task>,
	actor: Actor,
	opts: CommandOptions,
	command: string
): Task {
	const now = resolveNow(opts.now);
	const target = { id, parse: parseEntry, gone: 'Cette tâche n’existe plus.' };
	return changeEntry(doc, tasksMap(doc), target, actor, command, (entry) => {
		writeChanges(entry, changes, now);
	});
}
