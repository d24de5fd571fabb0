import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
	observeActivity,
	observeRequestChanges,
	publishActivity,
	readLatestActivity,
	requestRecord,
	requestRecords
} from './activity.ts';
import { addComment, setRequestStatus, transmitRequest, withdrawRequest } from './requests.ts';
import { initActivityDocument, initRequestsDocument } from './schema.ts';

const actor = { id: 'u-sophie', name: 'Sophie Leroy' };

function requestsDoc() {
	const doc = new Y.Doc();
	initRequestsDocument(doc);
	const a = transmitRequest(doc, { taskId: 't1', title: 'Relevé', description: '' }, actor);
	const b = transmitRequest(doc, { taskId: 't1', title: 'Factures', description: '' }, actor);
	return { doc, a: a.id, b: b.id };
}

describe('observeRequestChanges', () => {
	it('reports the requests each transaction touched, with its origin', () => {
		const { doc, a, b } = requestsDoc();
		const seen: [string[], unknown][] = [];
		const stop = observeRequestChanges(doc, (ids, origin) => seen.push([[...ids].sort(), origin]));
		setRequestStatus(doc, a, 'done', actor);
		addComment(doc, b, 'Voici', actor);
		doc.transact(() => {
			setRequestStatus(doc, a, 'todo', actor);
			setRequestStatus(doc, b, 'in_progress', actor);
		}, 'both');
		withdrawRequest(doc, a, actor);
		stop();
		setRequestStatus(doc, b, 'done', actor);
		expect(seen.map(([ids]) => ids)).toEqual([[a], [b], [a, b].sort(), [a]]);
		expect(seen[2]![1]).toBe('both');
		expect(seen[0]![1]).toMatchObject({ command: 'setRequestStatus', actorId: actor.id });
	});

	it('reads requests as plain JSON, every field included', () => {
		const { doc, a } = requestsDoc();
		(doc.getMap('requests').get(a) as Y.Map<unknown>).set('review', 'validated');
		expect(requestRecord(doc, a)).toMatchObject({ id: a, title: 'Relevé', review: 'validated' });
		expect(requestRecord(doc, 'missing')).toBeNull();
		expect([...requestRecords(doc).keys()]).toHaveLength(2);
	});
});

describe('the activity document', () => {
	it('carries the latest batch to observers, and ignores what it cannot read', () => {
		const server = new Y.Doc();
		initActivityDocument(server);
		const browser = new Y.Doc();
		Y.applyUpdate(browser, Y.encodeStateAsUpdate(server));
		server.on('update', (update: Uint8Array) => Y.applyUpdate(browser, update));
		const batches: number[] = [];
		observeActivity(browser, (batch) => batches.push(batch.seq));
		const batch = {
			seq: 7,
			at: '2026-04-01T08:00:00.000Z',
			events: [{ id: 'e7', clientId: 'c1', requestId: 'r1', taskId: 't1', kind: 'status' }]
		};
		publishActivity(server, batch);
		publishActivity(server, { ...batch, seq: 8 });
		expect(batches).toEqual([7, 8]);
		expect(readLatestActivity(browser)).toEqual({ ...batch, seq: 8 });
		server.getMap('activity').set('latest', '{not json');
		expect(readLatestActivity(browser)).toBeNull();
		expect(batches).toEqual([7, 8]);
	});
});
