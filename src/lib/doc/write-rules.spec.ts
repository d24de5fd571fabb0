import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { REQUEST_FIELDS } from '../domain/request.ts';
import { TASK_FIELDS } from '../domain/task.ts';
import type { Actor } from './origins.ts';
import {
	addComment,
	attachDocument,
	readRequests,
	setRequestStatus,
	transmitRequest,
	updateRequest,
	withdrawRequest
} from './requests.ts';
import { initRequestsDocument, initTasksDocument, requestsMap, tasksMap } from './schema.ts';
import { createTask, deleteTask, readTasks, setTaskStatus, updateTask } from './tasks.ts';
import { clientChangeViolation, documentViolation } from './write-rules.ts';

const anne: Actor = { id: 'u-anne', name: 'Anne Martin' };
const sophie: Actor = { id: 'u-sophie', name: 'Sophie Leroy' };
const T0 = '2025-03-01T09:00:00.000Z';
const T1 = '2025-03-02T09:00:00.000Z';
const file = {
	fileId: 'f1',
	name: 'releve.pdf',
	size: 2048,
	mime: 'application/pdf',
	uploadedBy: sophie.id,
	gedPath: 'Alter Ce/2025/releve.pdf'
};

/** A tasks document with one full task (`t1`) and one without its optional fields (`t2`). */
function tasksDoc(): Y.Doc {
	const doc = new Y.Doc();
	initTasksDocument(doc);
	const task = { title: 'TVA mars', clientId: 'c1', assigneeId: anne.id };
	createTask(doc, { ...task, dueDate: '2025-04-30', category: 'TVA', period: '2025-03' }, anne, {
		id: 't1',
		now: T0
	});
	createTask(doc, task, anne, { id: 't2', now: T0 });
	return doc;
}

/** A requests document with a request (`r1`) holding a comment and a document. */
function requestsDoc(): Y.Doc {
	const doc = new Y.Doc();
	initRequestsDocument(doc);
	transmitRequest(doc, { taskId: 't1', title: 'Relevés', description: 'Mars' }, anne, {
		id: 'r1',
		now: T0
	});
	transmitRequest(doc, { taskId: 't1', title: 'Factures', description: '' }, anne, {
		id: 'r2',
		now: T0
	});
	addComment(doc, 'r1', 'Merci', anne, { id: 'c1', now: T0 });
	attachDocument(doc, 'r1', { ...file, id: 'd1', at: T0 }, sophie);
	return doc;
}

const task = (doc: Y.Doc, id = 't1') => tasksMap(doc).get(id)!;
const request = (doc: Y.Doc, id = 'r1') => requestsMap(doc).get(id)!;

/** A copy of `doc` with `edit` applied: the document as an update would leave it. */
function edited(doc: Y.Doc, edit: (copy: Y.Doc) => void): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	edit(copy);
	return copy;
}

/** A value that is valid for `key` in some entry of `doc`'s root map, for carrying it elsewhere. */
function sampleOf(doc: Y.Doc, key: string): unknown {
	const value = [...doc.getMap('tasks').values(), ...doc.getMap('requests').values()]
		.map((entry) => (entry as Y.Map<unknown>).get(key))
		.find((v) => v !== undefined && v !== null);
	// A list cannot be moved between documents: carry a fresh, empty one.
	return value instanceof Y.Array ? new Y.Array() : value;
}

describe('documentViolation, on a tasks document', () => {
	it('accepts what the task commands write', () => {
		const doc = tasksDoc();
		expect(documentViolation(doc, 'tasks')).toBeNull();
		updateTask(doc, 't1', { title: 'TVA avril', dueDate: '', category: null }, anne, { now: T1 });
		setTaskStatus(doc, 't2', 'done', anne, { now: T1 });
		createTask(doc, { title: 'Bilan', clientId: 'c2', assigneeId: anne.id }, anne);
		deleteTask(doc, 't1', anne);
		expect(readTasks(doc)).toHaveLength(2);
		expect(documentViolation(doc, 'tasks')).toBeNull();
	});

	it('refuses a task carrying taskId', () => {
		const doc = edited(tasksDoc(), (copy) => task(copy).set('taskId', 't2'));
		expect(documentViolation(doc, 'tasks')).toBe('unknown field "taskId" in tasks');
	});

	it('refuses a task carrying a description', () => {
		const doc = edited(tasksDoc(), (copy) => task(copy).set('description', 'Détails'));
		expect(documentViolation(doc, 'tasks')).toBe('unknown field "description" in tasks');
	});

	it('refuses on a task every field only a request has, whatever its value', () => {
		const requestOnly = Object.keys(REQUEST_FIELDS).filter((key) => !(key in TASK_FIELDS));
		expect(requestOnly.sort()).toEqual([
			'comments',
			'description',
			'documents',
			'returnReason',
			'review',
			'reviewedAt',
			'reviewedBy',
			'taskId'
		]);
		for (const key of requestOnly) {
			const doc = edited(tasksDoc(), (copy) => task(copy).set(key, sampleOf(requestsDoc(), key)));
			expect(documentViolation(doc, 'tasks'), key).toBe(`unknown field "${key}" in tasks`);
		}
	});

	it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'montant'])(
		'refuses an unknown field named %s',
		(key) => {
			const doc = edited(tasksDoc(), (copy) => task(copy).set(key, 'x'));
			expect(documentViolation(doc, 'tasks')).toBe(`unknown field "${key}" in tasks`);
		}
	);

	it.each([
		['title', ''],
		['status', 'archived'],
		['clientId', '../c1'],
		['dueDate', '2025-02-30'],
		['dueDate', ''],
		['category', 'tva'],
		['period', '2025-13'],
		['updatedAt', 'hier'],
		['createdBy', null]
	])('refuses a task whose %s is %j', (key, value) => {
		const doc = edited(tasksDoc(), (copy) => task(copy).set(key, value));
		expect(documentViolation(doc, 'tasks')).toBe(`invalid value for "${key}" in tasks`);
	});

	it('counts a title in characters, as the forms do', () => {
		const emoji = edited(tasksDoc(), (copy) => task(copy).set('title', '😀'.repeat(200)));
		expect(documentViolation(emoji, 'tasks')).toBeNull();
		const long = edited(tasksDoc(), (copy) => task(copy).set('title', 'é'.repeat(201)));
		expect(documentViolation(long, 'tasks')).toBe('invalid value for "title" in tasks');
	});

	it('refuses a task whose title is a shared text rather than a string', () => {
		const doc = edited(tasksDoc(), (copy) => task(copy).set('title', new Y.Text('TVA')));
		expect(documentViolation(doc, 'tasks')).toBe('invalid value for "title" in tasks');
	});

	it('accepts optional fields absent or null, and refuses a missing required one', () => {
		const cleared = edited(tasksDoc(), (copy) => {
			task(copy).delete('category');
			task(copy).set('period', null);
		});
		expect(documentViolation(cleared, 'tasks')).toBeNull();
		const untitled = edited(tasksDoc(), (copy) => task(copy).delete('title'));
		expect(documentViolation(untitled, 'tasks')).toBe('missing field "title" in tasks');
	});

	it('refuses an entry filed under another id, or not a map', () => {
		const moved = edited(tasksDoc(), (copy) => task(copy).set('id', 't3'));
		expect(documentViolation(moved, 'tasks')).toBe('malformed entry');
		const flat = edited(tasksDoc(), (copy) => tasksMap(copy).set('t3', 'x' as never));
		expect(documentViolation(flat, 'tasks')).toBe('malformed entry');
	});

	it('refuses a requests root, or any other root, in a tasks document', () => {
		const requests = edited(tasksDoc(), (copy) => copy.getMap('requests').set('x', 1));
		expect(documentViolation(requests, 'tasks')).toBe('write to unknown root "requests"');
	});

	it('checks only the entries named, when given', () => {
		const doc = edited(tasksDoc(), (copy) => task(copy, 't2').set('taskId', 't1'));
		expect(documentViolation(doc, 'tasks', ['t1'])).toBeNull();
		expect(documentViolation(doc, 'tasks', ['t1', 't2'])).toBe('unknown field "taskId" in tasks');
	});
});

describe('documentViolation, on a requests document', () => {
	it('accepts what the request commands write', () => {
		const doc = requestsDoc();
		expect(documentViolation(doc, 'requests')).toBeNull();
		updateRequest(doc, 'r1', { title: 'Relevés de mars', dueDate: '2025-04-15' }, anne);
		setRequestStatus(doc, 'r2', 'in_progress', sophie);
		addComment(doc, 'r2', 'Je cherche.', sophie);
		withdrawRequest(doc, 'r1', anne);
		expect(readRequests(doc)).toHaveLength(1);
		expect(documentViolation(doc, 'requests')).toBeNull();
	});

	it('refuses on a request every field only a task has, whatever its value', () => {
		const taskOnly = Object.keys(TASK_FIELDS).filter((key) => !(key in REQUEST_FIELDS));
		expect(taskOnly.sort()).toEqual(['assigneeId', 'category', 'clientId', 'period']);
		for (const key of taskOnly) {
			const doc = edited(requestsDoc(), (copy) =>
				request(copy).set(key, sampleOf(tasksDoc(), key))
			);
			expect(documentViolation(doc, 'requests'), key).toBe(`unknown field "${key}" in requests`);
		}
	});

	it('refuses a request without its description, or one too long', () => {
		const bare = edited(requestsDoc(), (copy) => request(copy).delete('description'));
		expect(documentViolation(bare, 'requests')).toBe('missing field "description" in requests');
		const long = edited(requestsDoc(), (copy) =>
			request(copy).set('description', 'x'.repeat(5001))
		);
		expect(documentViolation(long, 'requests')).toBe('invalid value for "description" in requests');
	});

	it('refuses a list that is not a Y.Array, or that holds a malformed item', () => {
		const plain = edited(requestsDoc(), (copy) => request(copy).set('comments', [] as never));
		expect(documentViolation(plain, 'requests')).toBe('malformed "comments" in requests');
		const noisy = edited(requestsDoc(), (copy) =>
			(request(copy).get('documents') as Y.Array<unknown>).push([{ ...file, id: 'd2' }])
		);
		expect(documentViolation(noisy, 'requests')).toBe('invalid documents item');
		const gone = edited(requestsDoc(), (copy) => request(copy).delete('documents'));
		expect(documentViolation(gone, 'requests')).toBe('missing field "documents" in requests');
	});
});

describe('documentViolation, on meta', () => {
	it.each<[string, (meta: Y.Map<unknown>) => void, string]>([
		['an unknown key', (meta) => meta.set('epoch', 2), 'unknown field "epoch" in meta'],
		[
			'a schema version that is not an integer',
			(meta) => meta.set('schemaVersion', '1'),
			'invalid value for "schemaVersion" in meta'
		],
		[
			'no schema version',
			(meta) => meta.delete('schemaVersion'),
			'missing field "schemaVersion" in meta'
		]
	])('refuses %s', (_name, edit, violation) => {
		const doc = edited(tasksDoc(), (copy) => edit(copy.getMap('meta')));
		expect(documentViolation(doc, 'tasks')).toBe(violation);
	});
});

describe('clientChangeViolation', () => {
	const change = (edit: (copy: Y.Doc) => void) => {
		const before = requestsDoc();
		return clientChangeViolation(before, edited(before, edit), sophie);
	};

	it('lets a client move a status and comment as itself', () => {
		expect(change((copy) => setRequestStatus(copy, 'r1', 'done', sophie, { now: T1 }))).toEqual({
			added: []
		});
		expect(change((copy) => addComment(copy, 'r2', 'Voici.', sophie))).toEqual({ added: [] });
	});

	it('returns the documents a client attached, for the store to confirm', () => {
		const result = change((copy) =>
			attachDocument(copy, 'r2', { ...file, fileId: 'f2', id: 'd2', at: T1 }, sophie)
		);
		expect(result).toEqual({
			added: [{ requestId: 'r2', ref: { ...file, fileId: 'f2', id: 'd2', at: T1 } }]
		});
	});

	it.each<[string, (copy: Y.Doc) => void]>([
		['renames a request', (copy) => request(copy).set('title', 'Autre')],
		['moves it to another task', (copy) => request(copy).set('taskId', 't2')],
		['sets an unknown status', (copy) => request(copy).set('status', 'archived')],
		['adds a task-only field', (copy) => request(copy).set('clientId', 'c2')],
		['adds an unknown field', (copy) => request(copy).set('toString', 'x')],
		['deletes a request', (copy) => withdrawRequest(copy, 'r2', sophie)],
		['changes meta', (copy) => copy.getMap('meta').set('schemaVersion', 99)],
		['removes a comment', (copy) => (request(copy).get('comments') as Y.Array<unknown>).delete(0)],
		['forges a comment', (copy) => addComment(copy, 'r1', 'Signé Anne', anne)],
		[
			'references a file uploaded by someone else',
			(copy) => attachDocument(copy, 'r1', { ...file, uploadedBy: anne.id }, anne)
		]
	])('refuses a client that %s', (_name, edit) => {
		expect(change(edit)).toHaveProperty('violation');
	});
});
