import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocCommandError } from './errors.ts';
import { isCommandOrigin, type Actor, type CommandOrigin } from './origins.ts';
import { initTasksDocument, tasksMap } from './schema.ts';
import {
	createTask,
	deleteTask,
	observeTasks,
	readTask,
	readTasks,
	setTaskStatus,
	updateTask
} from './tasks.ts';

const anne: Actor = { id: 'u-anne', name: 'Anne Martin' };
const T0 = '2025-03-01T09:00:00.000Z';
const T1 = '2025-03-02T09:00:00.000Z';
const input = { title: 'TVA mars', clientId: 'c1', assigneeId: 'u-bob', category: 'TVA' };

function newDoc(): Y.Doc {
	const doc = new Y.Doc();
	initTasksDocument(doc);
	return doc;
}

function origins(doc: Y.Doc): unknown[] {
	const seen: unknown[] = [];
	doc.on('afterTransaction', (transaction) => seen.push(transaction.origin));
	return seen;
}

function commandError(run: () => unknown): DocCommandError {
	try {
		run();
	} catch (error) {
		if (error instanceof DocCommandError) return error;
		throw error;
	}
	throw new Error('expected a DocCommandError');
}

describe('schema', () => {
	it('writes the version once, idempotently', () => {
		const doc = new Y.Doc();
		initTasksDocument(doc);
		const state = Y.encodeStateVector(doc);
		initTasksDocument(doc);
		expect(doc.getMap('meta').toJSON()).toEqual({ schemaVersion: 2 });
		expect(Y.encodeStateVector(doc)).toEqual(state);
	});
});

describe('task commands', () => {
	it('creates a task and reads it back as a plain snapshot', () => {
		const doc = newDoc();
		const seen = origins(doc);
		const task = createTask(doc, input, anne, { id: 't1', now: T0 });
		expect(task).toEqual({
			id: 't1',
			title: 'TVA mars',
			clientId: 'c1',
			assigneeId: 'u-bob',
			status: 'todo',
			dueDate: null,
			category: 'TVA',
			period: null,
			createdAt: T0,
			createdBy: 'u-anne',
			updatedAt: T0
		});
		expect(readTask(doc, 't1')).toEqual(task);
		expect(readTasks(doc)).toEqual([task]);
		expect(seen).toEqual([{ command: 'createTask', actorId: 'u-anne' } satisfies CommandOrigin]);
		expect(isCommandOrigin(seen[0])).toBe(true);
	});

	it('generates ids and timestamps when not given', () => {
		const doc = newDoc();
		const task = createTask(doc, input, anne);
		expect(task.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(Date.parse(task.createdAt)).not.toBeNaN();
	});

	it('refuses invalid input without writing', () => {
		const doc = newDoc();
		const before = Y.encodeStateVector(doc);
		const error = commandError(() =>
			createTask(doc, { title: '', clientId: 'c1', assigneeId: '' }, anne)
		);
		expect(error.code).toBe('invalid');
		expect(error.errors).toEqual({
			title: 'Indiquez un intitulé.',
			assigneeId: 'Choisissez un collaborateur.'
		});
		expect(commandError(() => createTask(doc, input, { id: '', name: 'x' })).errors).toHaveProperty(
			'actor'
		);
		expect(commandError(() => createTask(doc, input, anne, { now: 'hier' })).code).toBe('invalid');
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});

	it('never overwrites an existing id', () => {
		const doc = newDoc();
		createTask(doc, input, anne, { id: 't1' });
		expect(commandError(() => createTask(doc, input, anne, { id: 't1' })).code).toBe('conflict');
		expect(commandError(() => createTask(doc, input, anne, { id: '../t' })).code).toBe('invalid');
	});

	it('updates only the fields that change, then updatedAt', () => {
		const doc = newDoc();
		createTask(doc, input, anne, { id: 't1', now: T0 });
		const seen = origins(doc);
		const updated = updateTask(doc, 't1', { title: ' TVA avril ', dueDate: '2025-04-20' }, anne, {
			now: T1
		});
		expect(updated).toMatchObject({ title: 'TVA avril', dueDate: '2025-04-20', updatedAt: T1 });
		expect(seen).toEqual([{ command: 'updateTask', actorId: 'u-anne' }]);

		const before = Y.encodeStateVector(doc);
		updateTask(doc, 't1', { title: 'TVA avril', category: 'TVA' }, anne);
		expect(Y.encodeStateVector(doc)).toEqual(before);
		expect(readTask(doc, 't1')?.updatedAt).toBe(T1);

		expect(updateTask(doc, 't1', { dueDate: '' }, anne).dueDate).toBeNull();
	});

	it('sets the status and rejects unknown statuses', () => {
		const doc = newDoc();
		createTask(doc, input, anne, { id: 't1', now: T0 });
		const seen = origins(doc);
		expect(setTaskStatus(doc, 't1', 'done', anne, { now: T1 })).toMatchObject({
			status: 'done',
			updatedAt: T1
		});
		expect(seen).toEqual([{ command: 'setTaskStatus', actorId: 'u-anne' }]);
		// @ts-expect-error: a status that the type forbids but a caller could still send
		expect(commandError(() => setTaskStatus(doc, 't1', 'closed', anne)).errors).toEqual({
			status: 'Statut invalide.'
		});
	});

	it('reports missing tasks as not_found and deletes idempotently', () => {
		const doc = newDoc();
		createTask(doc, input, anne, { id: 't1' });
		expect(deleteTask(doc, 't1', anne)).toBe(true);
		expect(deleteTask(doc, 't1', anne)).toBe(false);
		expect(readTask(doc, 't1')).toBeNull();
		expect(commandError(() => updateTask(doc, 't1', { title: 'x' }, anne)).code).toBe('not_found');
		expect(commandError(() => setTaskStatus(doc, 't1', 'done', anne)).code).toBe('not_found');
	});
});

describe('task reads', () => {
	it('sort by creation date then id', () => {
		const doc = newDoc();
		createTask(doc, input, anne, { id: 'b', now: T1 });
		createTask(doc, input, anne, { id: 'c', now: T0 });
		createTask(doc, input, anne, { id: 'a', now: T1 });
		expect(readTasks(doc).map((t) => t.id)).toEqual(['c', 'a', 'b']);
	});

	it('skip entries written raw that do not validate', () => {
		const doc = newDoc();
		const good = createTask(doc, input, anne, { id: 'good', now: T0 });
		const root = tasksMap(doc) as Y.Map<unknown>;
		doc.transact(() => {
			root.set('primitive', 'not a map');
			root.set('partial', new Y.Map<unknown>([['id', 'partial']]));
			root.set('elsewhere', new Y.Map<unknown>(Object.entries({ ...good, id: 'other' })));
			root.set(
				'badStatus',
				new Y.Map<unknown>(Object.entries({ ...good, id: 'badStatus', status: 'x' }))
			);
		});
		expect(readTasks(doc)).toEqual([good]);
		expect(readTask(doc, 'primitive')).toBeNull();
		expect(readTask(doc, 'elsewhere')).toBeNull();
		expect(commandError(() => updateTask(doc, 'partial', { title: 'x' }, anne)).code).toBe(
			'not_found'
		);
	});

	it('return copies that cannot alter the document', () => {
		const doc = newDoc();
		createTask(doc, input, anne, { id: 't1' });
		const snapshot = readTask(doc, 't1');
		if (snapshot) snapshot.title = 'changed';
		expect(readTask(doc, 't1')?.title).toBe('TVA mars');
	});
});

describe('observeTasks', () => {
	it('reports the ids created, changed and deleted in each transaction', () => {
		const doc = newDoc();
		const calls: string[][] = [];
		const stop = observeTasks(doc, (ids) => calls.push([...ids].sort()));
		createTask(doc, input, anne, { id: 't1' });
		createTask(doc, input, anne, { id: 't2' });
		updateTask(doc, 't1', { title: 'Autre' }, anne);
		deleteTask(doc, 't2', anne);
		doc.transact(() => {
			createTask(doc, input, anne, { id: 't3' });
			setTaskStatus(doc, 't1', 'done', anne);
		});
		stop();
		deleteTask(doc, 't1', anne);
		expect(calls).toEqual([['t1'], ['t2'], ['t1'], ['t2'], ['t1', 't3']]);
	});

	it('reports changes arriving from another replica', () => {
		const [a, b] = [newDoc(), new Y.Doc()];
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const calls: Set<string>[] = [];
		observeTasks(b, (ids) => calls.push(ids));
		createTask(a, input, anne, { id: 't1' });
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
		expect(calls).toEqual([new Set(['t1'])]);
		expect(readTask(b, 't1')?.title).toBe('TVA mars');
	});
});
