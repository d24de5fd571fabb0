import type { RequestProgress } from '../domain/progress.ts';
import type { Task } from '../domain/task.ts';

/**
 * What the « Tâches » view keeps of itself between visits, so that a return visit shows the list
 * at once, before the Yjs documents (megabytes for a large firm) are read and applied: the tasks
 * and each task's request progress, nothing else. The documents replace it as soon as they are
 * in; it is never written back anywhere.
 */
export interface TasksSnapshot {
	version: typeof SNAPSHOT_VERSION;
	tasks: Task[];
	/** Task id, total, to do, in progress, to review, validated. */
	progress: [string, number, number, number, number, number][];
}

/** Bumped when `Task` or the snapshot changes shape: an older snapshot is then ignored. */
export const SNAPSHOT_VERSION = 2;

export function toSnapshot(
	tasks: Iterable<Task>,
	progressOf: (taskId: string) => RequestProgress
): TasksSnapshot {
	const list = [...tasks];
	return {
		version: SNAPSHOT_VERSION,
		tasks: list,
		progress: list.map((task) => {
			const p = progressOf(task.id);
			return [task.id, p.total, p.todo, p.inProgress, p.toReview, p.validated];
		})
	};
}

/**
 * The snapshot read back from the browser's storage, or `null` when it is absent or of another
 * version. Tasks are not validated one by one: this browser wrote them, from validated reads,
 * and the documents replace them within a second.
 */
export function readSnapshot(
	value: unknown
): { tasks: Task[]; progress: Map<string, RequestProgress> } | null {
	if (typeof value !== 'object' || value === null) return null;
	const snapshot = value as Partial<TasksSnapshot>;
	if (snapshot.version !== SNAPSHOT_VERSION) return null;
	if (!Array.isArray(snapshot.tasks) || !Array.isArray(snapshot.progress)) return null;
	return {
		tasks: snapshot.tasks,
		progress: new Map(
			snapshot.progress.map(([id, total, todo, inProgress, toReview, validated]) => [
				id,
				{ total, todo, inProgress, toReview, validated }
			])
		)
	};
}
