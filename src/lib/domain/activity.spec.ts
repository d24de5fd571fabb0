import { describe, expect, it } from 'vitest';
import {
	clientPart,
	eventSummary,
	FIRM_ACTOR_NAME,
	isClientNews,
	isMergeableEdit,
	mergeEdits,
	requestChanges,
	type RequestEvent,
	type RequestRecord
} from './activity.ts';

const request = (overrides: RequestRecord = {}): RequestRecord => ({
	id: 'r1',
	taskId: 't1',
	title: 'Relevé de banque avril',
	description: '',
	status: 'todo',
	dueDate: null,
	createdAt: '2026-04-01T08:00:00.000Z',
	createdBy: 'u-paul',
	updatedAt: '2026-04-01T08:00:00.000Z',
	comments: [],
	documents: [],
	...overrides
});

const comment = {
	id: 'c1',
	authorId: 'u-sophie',
	authorName: 'Sophie Leroy',
	body: 'Voici',
	at: 'x'
};
const document = {
	id: 'd1',
	fileId: 'f1',
	name: 'releve.pdf',
	size: 10,
	mime: 'application/pdf',
	uploadedBy: 'u-sophie',
	at: 'x',
	gedPath: 'Alter Ce/releve.pdf'
};

describe('requestChanges', () => {
	it('says a new request was transmitted and a removed one deleted', () => {
		expect(requestChanges(null, request())).toEqual([
			{ kind: 'transmitted', detail: { title: 'Relevé de banque avril' } }
		]);
		expect(requestChanges(request(), null)).toEqual([
			{ kind: 'deleted', detail: { title: 'Relevé de banque avril' } }
		]);
		expect(requestChanges(null, null)).toEqual([]);
	});

	it('finds a status change from any value to any other, known or not', () => {
		const after = request({ status: 'done', updatedAt: '2026-04-02T08:00:00.000Z' });
		expect(requestChanges(request(), after)).toEqual([
			{ kind: 'status', detail: { from: 'todo', to: 'done' } }
		]);
		const newer = requestChanges(after, request({ status: 'not_applicable' }));
		expect(newer).toEqual([{ kind: 'status', detail: { from: 'done', to: 'not_applicable' } }]);
	});

	it('finds appended comments and documents, with the author the entry names', () => {
		const after = request({ comments: [comment], documents: [document] });
		expect(requestChanges(request(), after)).toEqual([
			{
				kind: 'comment',
				detail: { commentId: 'c1', body: 'Voici' },
				authorId: 'u-sophie',
				authorName: 'Sophie Leroy'
			},
			{
				kind: 'document',
				detail: { documentId: 'd1', fileId: 'f1', name: 'releve.pdf' },
				authorId: 'u-sophie'
			}
		]);
		// Already there: nothing new.
		expect(requestChanges(after, request({ comments: [comment], documents: [document] }))).toEqual(
			[]
		);
	});

	it('clips long comment bodies', () => {
		const long = { ...comment, body: 'x'.repeat(1000) };
		const [change] = requestChanges(request(), request({ comments: [long] }));
		expect(String(change!.detail.body)).toHaveLength(280);
	});

	it('reports any other field as edited, new fields included, bookkeeping left out', () => {
		const after = request({
			title: 'Relevés avril',
			dueDate: '2026-05-01',
			updatedAt: 'later',
			returnReason: 'Il manque la page 2',
			review: null
		});
		const [edited, ...rest] = requestChanges(request(), after);
		expect(rest).toEqual([]);
		expect(edited).toEqual({
			kind: 'edited',
			detail: {
				fields: ['dueDate', 'returnReason', 'title'],
				values: {
					dueDate: { from: null, to: '2026-05-01' },
					returnReason: { from: null, to: 'Il manque la page 2' },
					title: { from: 'Relevé de banque avril', to: 'Relevés avril' }
				}
			}
		});
	});

	it('names a field whose value is too long to copy, and a list that lost an item', () => {
		const after = request({ description: 'y'.repeat(600), comments: [] });
		const before = request({ comments: [comment] });
		expect(requestChanges(before, after)).toEqual([
			{ kind: 'edited', detail: { fields: ['comments', 'description'], values: {} } }
		]);
	});
});

const event = (overrides: Partial<RequestEvent> = {}): RequestEvent => ({
	id: 'e1',
	seq: 1,
	firmId: 'f1',
	clientId: 'c1',
	requestId: 'r1',
	taskId: 't1',
	actor: { id: 'u-paul', name: 'Paul Durand', role: 'collaborator' },
	kind: 'status',
	detail: { from: 'todo', to: 'in_progress' },
	at: '2026-04-01T08:00:00.000Z',
	...overrides
});

describe('mergeEdits', () => {
	const edit = (from: RequestRecord, to: RequestRecord) =>
		requestChanges(request(from), request(to))[0]!;
	const long = 'x'.repeat(501);

	it('spans both edits: each field from before the first to after the second', () => {
		const first = edit({ title: 'R' }, { title: 'Re' });
		const then = edit({ title: 'Re', dueDate: null }, { title: 'Rel', dueDate: '2026-05-01' });
		expect(mergeEdits(first, then)).toEqual({
			kind: 'edited',
			detail: {
				fields: ['dueDate', 'title'],
				values: { title: { from: 'R', to: 'Rel' }, dueDate: { from: null, to: '2026-05-01' } }
			}
		});
	});

	it('drops a field back where it was, and is null when nothing is left', () => {
		const there = edit({ title: 'A', description: 'd' }, { title: 'B', description: 'e' });
		const back = edit({ title: 'B' }, { title: 'A' });
		expect(mergeEdits(there, back)?.detail).toEqual({
			fields: ['description'],
			values: { description: { from: 'd', to: 'e' } }
		});
		expect(mergeEdits(edit({ title: 'A' }, { title: 'B' }), back)).toBeNull();
	});

	it('leaves a review decision out: it is an event of its own', () => {
		expect(isMergeableEdit(edit({ title: 'A' }, { title: 'B' }))).toBe(true);
		expect(isMergeableEdit(edit({ review: null }, { review: 'validated' }))).toBe(false);
		const returned = edit({ returnReason: null }, { returnReason: 'Illisible', title: 'B' });
		expect(isMergeableEdit(returned)).toBe(false);
		expect(isMergeableEdit({ kind: 'status', detail: {} })).toBe(false);
	});

	it('only names a field whose value either edit only named', () => {
		const first = edit({ description: 'court' }, { description: long });
		const then = edit({ description: long }, { description: 'court encore' });
		expect(first.detail.values).toEqual({});
		expect(mergeEdits(first, then)?.detail).toEqual({ fields: ['description'], values: {} });
	});
});

describe('clientPart', () => {
	it('never says who at the firm did it, nor which task it is filed under', () => {
		const part = clientPart(event());
		expect(part?.actor).toEqual({ id: null, name: FIRM_ACTOR_NAME, role: 'system' });
		expect(part?.taskId).toBeNull();
		const system = clientPart(
			event({ kind: 'reminded', actor: { id: null, name: 'Navette', role: 'system' } })
		);
		expect(system?.actor.name).toBe(FIRM_ACTOR_NAME);
	});

	it('keeps the client’s own actions as they are', () => {
		const sophie = { id: 'u-sophie', name: 'Sophie Leroy', role: 'client' } as const;
		expect(clientPart(event({ actor: sophie, kind: 'opened', detail: {} }))?.actor).toEqual(sophie);
	});

	it('shows edits of the fields the client reads only, and no deletion or unknown kind', () => {
		const edited = event({
			kind: 'edited',
			detail: {
				fields: ['internalNote', 'title'],
				values: { internalNote: { from: null, to: 'x' }, title: { from: 'a', to: 'b' } }
			}
		});
		expect(clientPart(edited)?.detail).toEqual({
			fields: ['title'],
			values: { title: { from: 'a', to: 'b' } }
		});
		expect(clientPart(event({ kind: 'edited', detail: { fields: ['taskId'], values: {} } }))).toBe(
			null
		);
		expect(clientPart(event({ kind: 'deleted', detail: {} }))).toBeNull();
		expect(clientPart(event({ kind: 'assigned', detail: {} }))).toBeNull();
	});

	it('keeps only the body of a comment', () => {
		const part = clientPart(
			event({ kind: 'comment', detail: { commentId: 'c1', body: 'Merci', authorName: 'Paul' } })
		);
		expect(part?.detail).toEqual({ commentId: 'c1', body: 'Merci' });
	});
});

describe('isClientNews and eventSummary', () => {
	it('counts what clients did, not their first views nor the firm’s own changes', () => {
		const sophie = { id: 'u-sophie', name: 'Sophie Leroy', role: 'client' } as const;
		expect(isClientNews(event({ actor: sophie }))).toBe(true);
		expect(isClientNews(event({ actor: sophie, kind: 'opened' }))).toBe(false);
		expect(isClientNews(event())).toBe(false);
	});

	it('tells each kind in French, statuses by their labels or stored names', () => {
		expect(eventSummary(event({ detail: { from: 'todo', to: 'done' } }))).toBe(
			'Statut : À faire → Terminée'
		);
		expect(eventSummary(event({ detail: { from: 'done', to: 'lost' } }))).toBe(
			'Statut : Terminée → Justificatif perdu'
		);
		expect(eventSummary(event({ detail: { from: 'done', to: 'archived' } }))).toBe(
			'Statut : Terminée → archived'
		);
		expect(eventSummary(event({ kind: 'document', detail: { name: 'a.pdf' } }))).toBe(
			'Document déposé : a.pdf'
		);
		expect(eventSummary(event({ kind: 'edited', detail: { fields: ['title', 'x'] } }))).toBe(
			'Demande modifiée : titre, x'
		);
		expect(eventSummary(event({ kind: 'something-new', detail: {} }))).toBe('something-new');
	});

	it('tells the firm’s review in its own words', () => {
		const edit = (values: Record<string, unknown>) =>
			eventSummary(event({ kind: 'edited', detail: { fields: Object.keys(values), values } }));
		expect(edit({ review: { from: null, to: 'validated' } })).toBe('Demande validée');
		expect(edit({ review: { from: 'validated', to: null } })).toBe('Validation annulée');
		expect(edit({ returnReason: { from: null, to: 'Page 2 ?' } })).toBe(
			'Renvoyée au client : « Page 2 ? »'
		);
	});
});
