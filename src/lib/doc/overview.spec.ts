import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DocCommandError } from './errors.ts';
import {
	observeOverview,
	readRequestSummaries,
	readRequestSummary,
	summariesByTask,
	summariesMap,
	pruneSummaries,
	syncSummaries
} from './overview.ts';
import {
	addComment,
	readRequests,
	setRequestStatus,
	transmitRequest,
	withdrawRequest
} from './requests.ts';
import { initOverviewDocument, initRequestsDocument } from './schema.ts';
import type { InfoRequest } from '../domain/request.ts';

const actor = { id: 'server', name: 'Navette' };

function clientDoc(...titles: [taskId: string, title: string, description?: string][]) {
	const doc = new Y.Doc();
	initRequestsDocument(doc);
	for (const [taskId, title, description = ''] of titles) {
		transmitRequest(doc, { taskId, title, description }, actor);
	}
	return doc;
}

function overviewDoc() {
	const doc = new Y.Doc();
	initOverviewDocument(doc);
	return doc;
}

/** Counts the Yjs updates `doc` emits while `fn` runs. */
/** The clients with at least one valid summary, sorted. */
function clientsOf(overview: Y.Doc): string[] {
	return [...new Set(readRequestSummaries(overview).map((s) => s.clientId))].sort();
}

function updatesDuring(doc: Y.Doc, fn: () => void): number {
	let updates = 0;
	const count = () => updates++;
	doc.on('update', count);
	fn();
	doc.off('update', count);
	return updates;
}

describe('initOverviewDocument', () => {
	it('writes the schema version once', () => {
		const doc = overviewDoc();
		expect(doc.getMap('meta').toJSON()).toEqual({ schemaVersion: 2 });
		expect(updatesDuring(doc, () => initOverviewDocument(doc))).toBe(0);
		expect(readRequestSummaries(doc)).toEqual([]);
	});
});

/** The mirror of one client's requests, as the server writes it after an edit. */
const syncClient = (doc: Y.Doc, clientId: string, requests: InfoRequest[], by: typeof actor) =>
	syncSummaries(doc, new Map([[clientId, requests]]), by);

describe('syncSummaries, one client', () => {
	it('mirrors each client’s requests as summaries, writing only what changed', () => {
		const overview = overviewDoc();
		const alter = clientDoc(['t1', 'Relevé', 'Avril'], ['t2', 'Factures']);
		// Both were created in the same millisecond, so their order is the random ids' order.
		const a = readRequests(alter).find((r) => r.taskId === 't1');
		const dupont = clientDoc(['t3', 'Bilan']);

		expect(syncClient(overview, 'alter', readRequests(alter), actor).changed).toBe(2);
		expect(syncClient(overview, 'dupont', readRequests(dupont), actor).changed).toBe(1);
		expect(
			updatesDuring(overview, () => syncClient(overview, 'alter', readRequests(alter), actor))
		).toBe(0);

		setRequestStatus(alter, a!.id, 'done', actor);
		addComment(alter, a!.id, 'Envoyé par courrier', actor);
		const seen: Set<string>[] = [];
		observeOverview(overview, (ids) => seen.push(ids));
		expect(syncClient(overview, 'alter', readRequests(alter), actor).changed).toBe(1);
		expect(seen).toEqual([new Set([a!.id])]);
		expect(readRequestSummary(overview, a!.id)).toMatchObject({
			clientId: 'alter',
			taskId: 't1',
			status: 'done',
			commentCount: 1,
			text: 'Avril\nEnvoyé par courrier'
		});

		withdrawRequest(alter, a!.id, actor);
		syncClient(overview, 'alter', readRequests(alter), actor);
		expect(seen.at(-1)).toEqual(new Set([a!.id]));
		expect(readRequestSummary(overview, a!.id)).toBeNull();
		expect(clientsOf(overview)).toEqual(['alter', 'dupont']);
		expect(
			summariesByTask(overview)
				.get('t3')
				?.map((s) => s.title)
		).toEqual(['Bilan']);
		expect(summariesByTask(overview).has('t1')).toBe(false);
	});

	it('runs in one transaction whose origin names the command and the actor', () => {
		const overview = overviewDoc();
		const origins: unknown[] = [];
		overview.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		const alter = clientDoc(['t1', 'A'], ['t1', 'B'], ['t2', 'C']);
		syncClient(overview, 'alter', readRequests(alter), actor);
		expect(origins).toEqual([{ command: 'syncSummaries', actorId: 'server' }]);
	});

	it('leaves the other clients’ entries alone, even when given no request', () => {
		const overview = overviewDoc();
		syncClient(overview, 'alter', readRequests(clientDoc(['t1', 'A'])), actor);
		syncClient(overview, 'dupont', readRequests(clientDoc(['t2', 'B'])), actor);
		expect(syncClient(overview, 'alter', [], actor).changed).toBe(1);
		expect(readRequestSummaries(overview).map((s) => s.title)).toEqual(['B']);
	});

	it('finds a client’s entries however their client id is written, and only its own', () => {
		const overview = overviewDoc();
		const alter = clientDoc(['t1', 'A']);
		syncClient(overview, 'alter', readRequests(alter), actor);
		syncClient(overview, 'dupont', readRequests(clientDoc(['t2', 'B'])), actor);
		const [a] = readRequests(alter);
		// The same entry with its client id escaped (`\u0061lter`): still Alter's.
		const entry = summariesMap(overview).get(a!.id) as string;
		summariesMap(overview).set(a!.id, entry.replace('["alter"', '["\\u0061lter"'));
		expect(syncClient(overview, 'alter', [], actor).changed).toBe(1);
		expect(readRequestSummaries(overview).map((s) => [s.clientId, s.title])).toEqual([
			['dupont', 'B']
		]);
	});

	it('keeps track of each client’s entries as the overview changes, whoever changes it', () => {
		const overview = overviewDoc();
		const alter = clientDoc(['t1', 'A']);
		syncClient(overview, 'alter', readRequests(alter), actor);
		// Another instance mirrors a request of Alter's since withdrawn; its update arrives here.
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(overview));
		const withdrawn = readRequests(clientDoc(['t9', 'Retirée']));
		syncClient(replica, 'alter', [...readRequests(alter), ...withdrawn], actor);
		Y.applyUpdate(overview, Y.encodeStateAsUpdate(replica));
		expect(
			readRequestSummaries(overview)
				.map((s) => s.title)
				.sort()
		).toEqual(['A', 'Retirée']);
		// Starts as one of Alter's but is malformed: not Alter's to delete.
		summariesMap(overview).set('malformed', '["alter", oops');

		expect(syncClient(overview, 'alter', readRequests(alter), actor).changed).toBe(1);
		expect(readRequestSummaries(overview).map((s) => s.title)).toEqual(['A']);
		expect(summariesMap(overview).has('malformed')).toBe(true);
	});

	/** The entry a sync into an empty overview writes for request `id`: the compact form. */
	const compactEntry = (requests: Y.Doc, id: string) => {
		const fresh = overviewDoc();
		syncClient(fresh, 'alter', readRequests(requests), actor);
		const entry = summariesMap(fresh).get(id);
		expect(typeof entry).toBe('string');
		return entry;
	};

	it('reads entries an earlier version wrote as objects, and rewrites them compact', () => {
		const overview = overviewDoc();
		const alter = clientDoc(['t1', 'A', 'Le relevé']);
		const [a] = readRequests(alter);
		syncClient(overview, 'alter', readRequests(alter), actor);
		const summary = readRequestSummary(overview, a!.id)!;
		summariesMap(overview).set(a!.id, { ...summary });
		expect(readRequestSummary(overview, a!.id)).toEqual(summary);
		expect(syncClient(overview, 'alter', readRequests(alter), actor).changed).toBe(1);
		expect(summariesMap(overview).get(a!.id)).toBe(compactEntry(alter, a!.id));
		expect(readRequestSummary(overview, a!.id)).toEqual(summary);
	});

	it('reads entries written before createdAt was kept, and rewrites them with it', () => {
		const overview = overviewDoc();
		const alter = clientDoc(['t1', 'A']);
		const [a] = readRequests(alter);
		syncClient(overview, 'alter', readRequests(alter), actor);
		const { createdAt, ...legacy } = readRequestSummary(overview, a!.id)!;
		expect(createdAt).toBe(a!.createdAt);
		const fields = JSON.parse(compactEntry(alter, a!.id) as string) as unknown[];
		summariesMap(overview).set(a!.id, JSON.stringify(fields.slice(0, -1)));
		expect(readRequestSummary(overview, a!.id)).toEqual(legacy);
		expect(syncClient(overview, 'alter', readRequests(alter), actor).changed).toBe(1);
		expect(readRequestSummary(overview, a!.id)?.createdAt).toBe(a!.createdAt);
	});

	it('rewrites an entry whose stored value is malformed or carries extra keys', () => {
		const overview = overviewDoc();
		const alter = clientDoc(['t1', 'A'], ['t1', 'B']);
		const [a, b] = readRequests(alter);
		syncClient(overview, 'alter', readRequests(alter), actor);
		summariesMap(overview).set(a!.id, { ...readRequestSummary(overview, a!.id), status: 'bogus' });
		summariesMap(overview).set(b!.id, { ...readRequestSummary(overview, b!.id), extra: 1 });
		expect(syncClient(overview, 'alter', readRequests(alter), actor).changed).toBe(2);
		expect(summariesMap(overview).get(b!.id)).toBe(compactEntry(alter, b!.id));
		expect(readRequestSummaries(overview)).toHaveLength(2);
	});

	it('refuses a malformed client id or actor, writing nothing', () => {
		const overview = overviewDoc();
		const requests = readRequests(clientDoc(['t1', 'A']));
		expect(() => syncClient(overview, '../x', requests, actor)).toThrow(DocCommandError);
		expect(() => syncClient(overview, 'c', requests, { id: '', name: '' })).toThrow(
			DocCommandError
		);
		expect(readRequestSummaries(overview)).toEqual([]);
	});
});

describe('syncSummaries and pruneSummaries', () => {
	it('reconcile several clients in one transaction each, and drop clients that are gone', () => {
		const overview = overviewDoc();
		const alter = clientDoc(['t1', 'A'], ['t1', 'B']);
		const other = clientDoc(['t5', 'O']);
		const gone = clientDoc(['t9', 'Z']);
		syncClient(overview, 'alter', readRequests(alter), actor);
		syncClient(overview, 'other', readRequests(other), actor);
		syncClient(overview, 'gone', readRequests(gone), actor);
		summariesMap(overview).set('junk', 'not a summary');
		const [a, b] = readRequests(alter);
		setRequestStatus(alter, a!.id, 'in_progress', actor);
		withdrawRequest(alter, b!.id, actor);
		const dupont = clientDoc(['t2', 'C']);

		let result = { changed: 0 };
		const byClient = new Map([
			['alter', readRequests(alter)],
			['dupont', readRequests(dupont)]
		]);
		expect(updatesDuring(overview, () => (result = syncSummaries(overview, byClient, actor)))).toBe(
			1
		);
		// A changed, B deleted, C added; the other clients' entries and the junk untouched.
		expect(result.changed).toBe(3);
		expect(readRequestSummary(overview, a!.id)?.status).toBe('in_progress');
		expect(summariesMap(overview).has('junk')).toBe(true);
		expect(syncSummaries(overview, byClient, actor).changed).toBe(0);

		const firm = new Set(['alter', 'dupont', 'other']);
		expect(updatesDuring(overview, () => (result = pruneSummaries(overview, firm, actor)))).toBe(1);
		// Z (its client is gone) and the junk.
		expect(result.changed).toBe(2);
		expect(clientsOf(overview)).toEqual(['alter', 'dupont', 'other']);
		expect(summariesMap(overview).has('junk')).toBe(false);
		expect(updatesDuring(overview, () => pruneSummaries(overview, firm, actor))).toBe(0);
	});
});

describe('readRequestSummaries', () => {
	it('skips malformed entries', () => {
		const overview = overviewDoc();
		const valid = readRequests(clientDoc(['t1', 'A']));
		syncClient(overview, 'alter', valid, actor);
		const good = readRequestSummary(overview, valid[0]!.id)!;
		const map = summariesMap(overview);
		map.set('x', { id: 'x', status: 'bogus' });
		map.set('y', 'not an object');
		map.set('z', { ...good, id: 'other' });
		map.set('w', { ...good, id: 'w', dueDate: '31/12/2019' });
		map.set('v', { ...good, id: 'v', commentCount: -1 });
		expect(readRequestSummaries(overview)).toEqual([good]);
	});

	it('returns fresh objects, not the stored ones', () => {
		const overview = overviewDoc();
		const [request] = readRequests(clientDoc(['t1', 'A']));
		syncClient(overview, 'alter', [request!], actor);
		const read = readRequestSummaries(overview)[0]!;
		read.title = 'changed';
		expect(readRequestSummary(overview, request!.id)?.title).toBe('A');
	});
});
