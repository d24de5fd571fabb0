import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocCommandError } from './errors.ts';
import { type Actor } from './origins.ts';
import {
	addComment,
	attachDocument,
	observeRequests,
	readRequest,
	readRequests,
	setRequestStatus,
	transmitRequest,
	updateRequest,
	withdrawRequest
} from './requests.ts';
import { initRequestsDocument, requestsMap } from './schema.ts';

const anne: Actor = { id: 'u-anne', name: 'Anne Martin' };
const client: Actor = { id: 'u-client', name: 'SARL Dupont' };
const T0 = '2025-03-01T09:00:00.000Z';
const T1 = '2025-03-02T09:00:00.000Z';
const input = { taskId: 't1', title: 'Relevés bancaires', description: 'Janvier à mars' };
const file = {
	fileId: 'f1',
	name: 'releve.pdf',
	size: 2048,
	mime: 'application/pdf',
	uploadedBy: 'u-client',
	gedPath: 'Dupont/2025/releve.pdf'
};

function newDoc(): Y.Doc {
	const doc = new Y.Doc();
	initRequestsDocument(doc);
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

describe('request commands', () => {
	it('transmits a request with empty thread and documents', () => {
		const doc = newDoc();
		const seen = origins(doc);
		const request = transmitRequest(doc, input, anne, { id: 'r1', now: T0 });
		expect(request).toEqual({
			id: 'r1',
			taskId: 't1',
			title: 'Relevés bancaires',
			description: 'Janvier à mars',
			status: 'todo',
			dueDate: null,
			createdAt: T0,
			createdBy: 'u-anne',
			updatedAt: T0,
			comments: [],
			documents: [],
			review: null,
			returnReason: null,
			reviewedBy: null,
			reviewedAt: null
		});
		expect(readRequest(doc, 'r1')).toEqual(request);
		expect(requestsMap(doc).get('r1')?.get('comments')).toBeInstanceOf(Y.Array);
		expect(seen).toEqual([{ command: 'transmitRequest', actorId: 'u-anne' }]);
	});

	it('refuses invalid input without writing', () => {
		const doc = newDoc();
		const before = Y.encodeStateVector(doc);
		expect(
			commandError(() => transmitRequest(doc, { taskId: '', title: ' ', description: '' }, anne))
				.errors
		).toEqual({ taskId: 'Choisissez une tâche.', title: 'Indiquez un intitulé.' });
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});

	it('updates fields and status with their own origins', () => {
		const doc = newDoc();
		transmitRequest(doc, input, anne, { id: 'r1', now: T0 });
		const seen = origins(doc);
		expect(updateRequest(doc, 'r1', { dueDate: '2025-04-15' }, anne, { now: T1 })).toMatchObject({
			dueDate: '2025-04-15',
			title: 'Relevés bancaires',
			updatedAt: T1
		});
		expect(setRequestStatus(doc, 'r1', 'in_progress', anne).status).toBe('in_progress');
		expect(seen).toEqual([
			{ command: 'updateRequest', actorId: 'u-anne' },
			{ command: 'setRequestStatus', actorId: 'u-anne' }
		]);
		expect(commandError(() => updateRequest(doc, 'r1', { title: '' }, anne)).errors).toEqual({
			title: 'Indiquez un intitulé.'
		});
	});

	it('appends comments and documents without touching updatedAt', () => {
		const doc = newDoc();
		transmitRequest(doc, input, anne, { id: 'r1', now: T0 });
		const seen = origins(doc);
		const comment = addComment(doc, 'r1', '  Voici les relevés.  ', client, { id: 'c1', now: T1 });
		expect(comment).toEqual({
			id: 'c1',
			authorId: 'u-client',
			authorName: 'SARL Dupont',
			body: 'Voici les relevés.',
			at: T1
		});
		const ref = attachDocument(doc, 'r1', { ...file, id: 'd1', at: T1 }, client);
		expect(ref).toEqual({ ...file, id: 'd1', at: T1 });
		const request = readRequest(doc, 'r1');
		expect(request?.comments).toEqual([comment]);
		expect(request?.documents).toEqual([ref]);
		expect(request?.updatedAt).toBe(T0);
		expect(seen).toEqual([
			{ command: 'addComment', actorId: 'u-client' },
			{ command: 'attachDocument', actorId: 'u-client' }
		]);
	});

	it('validates comments and documents', () => {
		const doc = newDoc();
		transmitRequest(doc, input, anne, { id: 'r1' });
		expect(commandError(() => addComment(doc, 'r1', '   ', client)).errors).toEqual({
			body: 'Écrivez un message.'
		});
		expect(
			commandError(() => attachDocument(doc, 'r1', { ...file, size: -3 }, client)).errors
		).toEqual({ size: 'Taille invalide.' });
		expect(commandError(() => addComment(doc, 'nope', 'Bonjour', client)).code).toBe('not_found');
		expect(readRequest(doc, 'r1')?.comments).toEqual([]);
	});

	it('withdraws a request idempotently', () => {
		const doc = newDoc();
		transmitRequest(doc, input, anne, { id: 'r1' });
		expect(withdrawRequest(doc, 'r1', anne)).toBe(true);
		expect(withdrawRequest(doc, 'r1', anne)).toBe(false);
		expect(readRequests(doc)).toEqual([]);
		expect(commandError(() => setRequestStatus(doc, 'r1', 'done', anne)).code).toBe('not_found');
	});
});

describe('request reads', () => {
	it('list requests by creation date then id', () => {
		const doc = newDoc();
		transmitRequest(doc, input, anne, { id: 'r2', now: T1 });
		transmitRequest(doc, { ...input, taskId: 't2' }, anne, { id: 'r3', now: T0 });
		transmitRequest(doc, input, anne, { id: 'r1', now: T0 });
		expect(readRequests(doc).map((r) => r.id)).toEqual(['r1', 'r3', 'r2']);
	});

	it('skip corrupt entries and corrupt thread items written raw', () => {
		const doc = newDoc();
		const good = transmitRequest(doc, input, anne, { id: 'good', now: T0 });
		const root = requestsMap(doc) as Y.Map<unknown>;
		const { comments: _c, documents: _d, ...fields } = good;
		doc.transact(() => {
			root.set('primitive', 42);
			root.set('plainArrays', new Y.Map<unknown>(Object.entries({ ...good, id: 'plainArrays' })));
			root.set('noArrays', new Y.Map<unknown>(Object.entries({ ...fields, id: 'noArrays' })));
			const comments = requestsMap(doc).get('good')?.get('comments') as Y.Array<unknown>;
			comments.push([{ id: 'bad comment' }, 'text', null]);
		});
		addComment(doc, 'good', 'Valide', client, { id: 'c1', now: T1 });
		const requests = readRequests(doc);
		expect(requests.map((r) => r.id)).toEqual(['good']);
		expect(requests[0]?.comments.map((c) => c.id)).toEqual(['c1']);
		expect(commandError(() => addComment(doc, 'noArrays', 'x', client)).code).toBe('not_found');
	});
});

describe('observeRequests', () => {
	it('reports a request when its thread or documents change', () => {
		const doc = newDoc();
		transmitRequest(doc, input, anne, { id: 'r1' });
		transmitRequest(doc, input, anne, { id: 'r2' });
		const calls: string[][] = [];
		const stop = observeRequests(doc, (ids) => calls.push([...ids]));
		addComment(doc, 'r1', 'Bonjour', client);
		attachDocument(doc, 'r2', file, client);
		updateRequest(doc, 'r1', { title: 'Autre' }, anne);
		withdrawRequest(doc, 'r2', anne);
		stop();
		addComment(doc, 'r1', 'Encore', client);
		expect(calls).toEqual([['r1'], ['r2'], ['r1'], ['r2']]);
	});
});
