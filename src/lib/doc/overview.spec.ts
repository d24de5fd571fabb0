import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
	initOverviewDocument,
	observeOverview,
	readRequestSummaries,
	readRequestSummary,
	summariesByClient,
	summariesByTask,
	summariesMap,
	syncClientSummaries
} from './overview.ts';
import {
	addComment,
	readRequests,
	setRequestStatus,
	transmitRequest,
	withdrawRequest
} from './requests.ts';
import { initRequestsDocument } from './schema.ts';

const actor = { id: 'server', name: 'Navette' };

function clientDoc() {
	const doc = new Y.Doc();
	initRequestsDocument(doc);
	return doc;
}

describe('overview', () => {
	it('mirrors each client’s requests as summaries, writing only what changed', () => {
		const overview = new Y.Doc();
		initOverviewDocument(overview);
		const alter = clientDoc();
		const a = transmitRequest(
			alter,
			{ taskId: 't1', title: 'Relevé', description: 'Avril' },
			actor
		);
		transmitRequest(alter, { taskId: 't2', title: 'Factures', description: '' }, actor);
		const dupont = clientDoc();
		transmitRequest(dupont, { taskId: 't3', title: 'Bilan', description: '' }, actor);

		expect(syncClientSummaries(overview, 'alter', readRequests(alter), actor).changed).toBe(2);
		expect(syncClientSummaries(overview, 'dupont', readRequests(dupont), actor).changed).toBe(1);
		expect(syncClientSummaries(overview, 'alter', readRequests(alter), actor).changed).toBe(0);

		setRequestStatus(alter, a.id, 'done', actor);
		addComment(alter, a.id, 'Envoyé par courrier', actor);
		const seen: Set<string>[] = [];
		observeOverview(overview, (ids) => seen.push(ids));
		expect(syncClientSummaries(overview, 'alter', readRequests(alter), actor).changed).toBe(1);
		expect(seen).toEqual([new Set([a.id])]);
		expect(readRequestSummary(overview, a.id)).toMatchObject({
			status: 'done',
			commentCount: 1,
			text: 'Avril\nEnvoyé par courrier'
		});

		withdrawRequest(alter, a.id, actor);
		syncClientSummaries(overview, 'alter', readRequests(alter), actor);
		expect(readRequestSummary(overview, a.id)).toBeNull();
		expect([...summariesByClient(overview).keys()].sort()).toEqual(['alter', 'dupont']);
		expect(
			summariesByTask(overview)
				.get('t3')
				?.map((s) => s.title)
		).toEqual(['Bilan']);
	});

	it('skips malformed entries', () => {
		const overview = new Y.Doc();
		summariesMap(overview).set('x', { id: 'x', status: 'bogus' });
		summariesMap(overview).set('y', 'not an object');
		expect(readRequestSummaries(overview)).toEqual([]);
	});
});
