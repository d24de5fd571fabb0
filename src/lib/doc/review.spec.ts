import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { summarizeRequest } from '../domain/overview.ts';
import { requestProgress } from '../domain/progress.ts';
import { DocCommandError } from './errors.ts';
import type { Actor } from './origins.ts';
import { readRequestSummary, syncSummaries } from './overview.ts';
import {
	addComment,
	readRequest,
	returnRequest,
	setRequestStatus,
	transmitRequest,
	unvalidateRequest,
	validateRequest
} from './requests.ts';
import {
	initOverviewDocument,
	initRequestsDocument,
	META,
	migrateDocument,
	MIGRATE_ORIGIN,
	requestsMap,
	SCHEMA_VERSION,
	schemaVersionOf
} from './schema.ts';
import { clientChangeViolation, documentViolation } from './write-rules.ts';

const claire: Actor = { id: 'u-claire', name: 'Claire Martin' };
const sophie: Actor = { id: 'u-sophie', name: 'Sophie Leroy' };
const T0 = '2025-03-01T09:00:00.000Z';
const T1 = '2025-03-02T09:00:00.000Z';
const T2 = '2025-03-03T09:00:00.000Z';

/** Two requests: `r1` answered « Terminée » by Sophie, `r2` still « À faire ». */
function requestsDoc(): Y.Doc {
	const doc = new Y.Doc();
	initRequestsDocument(doc);
	for (const id of ['r1', 'r2']) {
		transmitRequest(doc, { taskId: 't1', title: id, description: '' }, claire, { id, now: T0 });
	}
	setRequestStatus(doc, 'r1', 'done', sophie, { now: T1 });
	return doc;
}

function copyOf(doc: Y.Doc, edit: (copy: Y.Doc) => void = () => {}): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	edit(copy);
	return copy;
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

describe('the client’s other answers', () => {
	it.each(['not_applicable', 'lost'] as const)(
		'%s appends its comment in the same transaction',
		(status) => {
			const doc = requestsDoc();
			const transactions: unknown[] = [];
			doc.on('afterTransaction', (t) => transactions.push(t.origin));
			const request = setRequestStatus(doc, 'r2', status, sophie, {
				comment: '  Pas de salarié en 2025. ',
				now: T1
			});
			expect(request.status).toBe(status);
			expect(request.comments).toMatchObject([
				{ authorId: sophie.id, authorName: sophie.name, body: 'Pas de salarié en 2025.', at: T1 }
			]);
			expect(transactions).toEqual([{ command: 'setRequestStatus', actorId: sophie.id }]);
		}
	);

	it.each(['not_applicable', 'lost'] as const)('%s without a comment writes nothing', (status) => {
		const doc = requestsDoc();
		const before = Y.encodeStateVector(doc);
		for (const comment of [undefined, '', '   ']) {
			const error = commandError(() => setRequestStatus(doc, 'r2', status, sophie, { comment }));
			expect(error.errors.comment).toBe('Expliquez votre réponse dans un commentaire.');
		}
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});
});

describe('the firm’s review', () => {
	it('validates an answer, clearing an earlier return reason', () => {
		const doc = requestsDoc();
		returnRequest(doc, 'r1', 'Il manque mars.', claire, { now: T1 });
		setRequestStatus(doc, 'r1', 'done', sophie, { now: T1 });
		const request = validateRequest(doc, 'r1', claire, { now: T2 });
		expect(request).toMatchObject({
			status: 'done',
			review: 'validated',
			returnReason: null,
			reviewedBy: claire.id,
			reviewedAt: T2,
			updatedAt: T2
		});
	});

	it('refuses to validate a request the client has not answered', () => {
		const doc = requestsDoc();
		expect(commandError(() => validateRequest(doc, 'r2', claire)).code).toBe('conflict');
	});

	it('undoes a validation: the request is « À valider » again', () => {
		const doc = requestsDoc();
		validateRequest(doc, 'r1', claire, { now: T1 });
		const request = unvalidateRequest(doc, 'r1', claire, { now: T2 });
		expect(request).toMatchObject({ status: 'done', review: null, reviewedAt: T2 });
	});

	it('returns a request to « À faire » with its reason, which the summary carries', () => {
		const doc = requestsDoc();
		const request = returnRequest(doc, 'r1', ' Il manque le relevé de mars. ', claire, {
			now: T2
		});
		expect(request).toMatchObject({
			status: 'todo',
			review: null,
			returnReason: 'Il manque le relevé de mars.',
			reviewedBy: claire.id,
			reviewedAt: T2
		});
		expect(summarizeRequest('c1', request).returnReason).toBe('Il manque le relevé de mars.');
		// Once the client answers again, the reason is history: the digest has nothing to repeat.
		const answered = setRequestStatus(doc, 'r1', 'done', sophie);
		expect(summarizeRequest('c1', answered).returnReason).toBeNull();
		expect(answered.returnReason).toBe('Il manque le relevé de mars.');
	});

	it('requires a reason to return a request, in French', () => {
		const doc = requestsDoc();
		for (const reason of ['', '   ']) {
			const error = commandError(() => returnRequest(doc, 'r1', reason, claire));
			expect(error.errors.reason).toBe('Indiquez le motif du renvoi au client.');
		}
		expect(readRequest(doc, 'r1')?.status).toBe('done');
	});

	it('locks a validated request against status changes and returns', () => {
		const doc = requestsDoc();
		validateRequest(doc, 'r1', claire);
		expect(commandError(() => setRequestStatus(doc, 'r1', 'todo', sophie)).code).toBe('conflict');
		expect(commandError(() => returnRequest(doc, 'r1', 'Non.', claire)).code).toBe('conflict');
	});

	it('writes entries that pass the schema, and summaries that read back', () => {
		const doc = requestsDoc();
		validateRequest(doc, 'r1', claire);
		returnRequest(doc, 'r2', 'Refaites-le.', claire);
		expect(documentViolation(doc, 'requests')).toBeNull();
		const overview = new Y.Doc();
		initOverviewDocument(overview);
		const requests = [readRequest(doc, 'r1')!, readRequest(doc, 'r2')!];
		syncSummaries(overview, new Map([['c1', requests]]), claire);
		expect(readRequestSummary(overview, 'r1')).toMatchObject({ review: 'validated' });
		expect(readRequestSummary(overview, 'r2')).toMatchObject({
			status: 'todo',
			review: null,
			returnReason: 'Refaites-le.'
		});
	});
});

describe('write rules of the review', () => {
	const change = (before: Y.Doc, edit: (copy: Y.Doc) => void) =>
		clientChangeViolation(before, copyOf(before, edit), sophie);
	const entry = (doc: Y.Doc, id: string) => requestsMap(doc).get(id)!;

	it('lets a client answer « Sans objet » with its comment, in one update', () => {
		const result = change(requestsDoc(), (copy) =>
			setRequestStatus(copy, 'r2', 'not_applicable', sophie, { comment: 'Aucun salarié.' })
		);
		expect(result).toEqual({ added: [] });
	});

	it.each<[string, (copy: Y.Doc) => void, string]>([
		['validates', (copy) => entry(copy, 'r1').set('review', 'validated'), 'field "review"'],
		[
			'writes a return reason',
			(copy) => entry(copy, 'r2').set('returnReason', 'Forgé'),
			'field "returnReason"'
		],
		['signs a review', (copy) => entry(copy, 'r1').set('reviewedBy', sophie.id), 'reviewedBy'],
		[
			'answers « Sans objet » without a comment',
			(copy) => entry(copy, 'r2').set('status', 'not_applicable'),
			'without a comment'
		],
		[
			'answers « Justificatif perdu » with someone else’s comment',
			(copy) => {
				entry(copy, 'r2').set('status', 'lost');
				addComment(copy, 'r2', 'Perdu.', claire);
			},
			'not the user'
		]
	])('refuses a client that %s', (_name, edit, why) => {
		expect(change(requestsDoc(), edit)).toEqual({ violation: expect.stringContaining(why) });
	});

	it.each<[string, (copy: Y.Doc) => void]>([
		['reopens it', (copy) => entry(copy, 'r1').set('status', 'todo')],
		['un-validates it', (copy) => entry(copy, 'r1').set('review', null)],
		['comments on it', (copy) => addComment(copy, 'r1', 'Encore ceci.', sophie)]
	])('refuses a client that changes a validated request: %s', (_name, edit) => {
		const doc = requestsDoc();
		validateRequest(doc, 'r1', claire);
		expect(change(doc, edit)).toEqual({ violation: expect.any(String) });
	});

	it('lets the client edit a returned request and its siblings of a validated one', () => {
		const doc = requestsDoc();
		validateRequest(doc, 'r1', claire);
		returnRequest(doc, 'r2', 'Il manque mars.', claire);
		const result = change(doc, (copy) => {
			setRequestStatus(copy, 'r2', 'done', sophie);
			addComment(copy, 'r2', 'Voici mars.', sophie);
		});
		expect(result).toEqual({ added: [] });
	});
});

describe('migrateDocument', () => {
	/** A document as schema v1 wrote it: `schemaVersion: 1`. */
	function v1Doc(): Y.Doc {
		const doc = requestsDoc();
		doc.getMap(META).set('schemaVersion', 1);
		return doc;
	}

	it('brings a v1 document to the current version in one server transaction', () => {
		const doc = v1Doc();
		const before = requestsMap(doc).toJSON();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (t) => origins.push(t.origin));
		expect(migrateDocument(doc)).toBe(true);
		expect(schemaVersionOf(doc)).toBe(SCHEMA_VERSION);
		expect(SCHEMA_VERSION).toBe(2);
		expect(origins).toEqual([MIGRATE_ORIGIN]);
		expect(requestsMap(doc).toJSON()).toEqual(before);
		expect(readRequest(doc, 'r1')).toMatchObject({ status: 'done', review: null });
		expect(documentViolation(doc, 'requests')).toBeNull();
	});

	it('leaves a current or uninitialised document alone', () => {
		const current = requestsDoc();
		const state = Y.encodeStateVector(current);
		expect(migrateDocument(current)).toBe(false);
		expect(Y.encodeStateVector(current)).toEqual(state);
		expect(migrateDocument(new Y.Doc())).toBe(false);
	});

	it('converges with edits made on a v1 copy meanwhile, on either side', () => {
		const server = v1Doc();
		const offline = copyOf(server);
		setRequestStatus(offline, 'r2', 'done', sophie, { now: T2 });
		addComment(offline, 'r1', 'Voici.', sophie, { now: T2 });
		const offlineEdits = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server));
		migrateDocument(server);
		// The Guard sees the v1 client's edit against the migrated document: nothing refused.
		const after = copyOf(server, (copy) => Y.applyUpdate(copy, offlineEdits));
		expect(clientChangeViolation(server, after, sophie)).toEqual({ added: [] });
		Y.applyUpdate(server, offlineEdits);
		Y.applyUpdate(offline, Y.encodeStateAsUpdate(server, Y.encodeStateVector(offline)));
		expect(offline.getMap(META).toJSON()).toEqual({ schemaVersion: SCHEMA_VERSION });
		expect(requestsMap(offline).toJSON()).toEqual(requestsMap(server).toJSON());
		expect(readRequest(server, 'r2')?.status).toBe('done');
		expect(readRequest(server, 'r1')?.comments.map((c) => c.body)).toEqual(['Voici.']);
	});
});

describe('convergence of the review', () => {
	/** Two replicas of one document, edited apart, then synced both ways. */
	function concurrently(edit: { client: (doc: Y.Doc) => void; staff: (doc: Y.Doc) => void }) {
		const client = copyOf(requestsDoc());
		const staff = copyOf(client);
		edit.client(client);
		edit.staff(staff);
		const toStaff = Y.encodeStateAsUpdate(client, Y.encodeStateVector(staff));
		Y.applyUpdate(client, Y.encodeStateAsUpdate(staff, Y.encodeStateVector(client)));
		Y.applyUpdate(staff, toStaff);
		expect(requestsMap(client).toJSON()).toEqual(requestsMap(staff).toJSON());
		return readRequest(staff, 'r1')!;
	}

	it('keeps a client comment and the firm’s return made at the same time', () => {
		const request = concurrently({
			client: (doc) => addComment(doc, 'r1', 'Voici la suite.', sophie),
			staff: (doc) => returnRequest(doc, 'r1', 'Il manque mars.', claire)
		});
		expect(request).toMatchObject({ status: 'todo', returnReason: 'Il manque mars.' });
		expect(request.comments.map((c) => c.body)).toEqual(['Voici la suite.']);
	});

	it('lets a validation win over a status the client wrote at the same time', () => {
		const request = concurrently({
			client: (doc) => setRequestStatus(doc, 'r1', 'in_progress', sophie, { now: T2 }),
			staff: (doc) => validateRequest(doc, 'r1', claire, { now: T2 })
		});
		// Both writes are kept (different keys); the request reads « Validée ».
		expect(request).toMatchObject({ status: 'in_progress', review: 'validated' });
		expect(requestProgress([request]).validated).toBe(1);
	});
});
