import { createSubscriber } from 'svelte/reactivity';
import { tasksDocName } from '../domain/doc-names.ts';
import type { Task } from '../domain/task.ts';
import { observeTasks, readTasks } from '../doc/tasks.ts';
import { DocumentSync } from '../sync/DocumentSync.svelte.ts';

/**
 * The firm's tasks as the « Tâches » page sees them: a live, read-only view over the tasks
 * document. Reading `tasks` inside an effect or template subscribes to changes from anyone.
 */
export class TasksBoard {
	readonly sync: DocumentSync;
	readonly #subscribe: () => void;

	constructor(firmId: string) {
		this.sync = new DocumentSync(tasksDocName(firmId));
		this.#subscribe = createSubscriber((update) => observeTasks(this.sync.doc, () => update()));
	}

	get tasks(): Task[] {
		this.#subscribe();
		return readTasks(this.sync.doc);
	}

	destroy(): void {
		this.sync.destroy();
	}
}
