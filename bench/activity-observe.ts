import * as Y from 'yjs';
import { observeRequestChanges, requestRecord, requestRecords } from '../src/lib/doc/activity.ts';
import { addComment, setRequestStatus, transmitRequest } from '../src/lib/doc/requests.ts';
import { initRequestsDocument } from '../src/lib/doc/schema.ts';
import { requestChanges } from '../src/lib/domain/activity.ts';

/**
 * Issue 14's « must not slow the edit path »: what the Activity extension adds, synchronously, to
 * each transaction on a requests document (the diff of the touched requests against its copy),
 * on a client with `REQUESTS` requests of `COMMENTS` comments each. Run: `npx node bench/activity-observe.ts`.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const COMMENTS = 20;
const EDITS = 2000;
const actor = { id: 'bench-user', name: 'Bench' };

function docWithRequests(): { doc: Y.Doc; ids: string[] } {
	const doc = new Y.Doc();
	initRequestsDocument(doc);
	const ids: string[] = [];
	for (let i = 0; i < REQUESTS; i++) {
		const { id } = transmitRequest(
			doc,
			{ taskId: 'task-1', title: `Demande ${i}`, description: 'x'.repeat(200) },
			actor
		);
		ids.push(id);
		for (let c = 0; c < COMMENTS; c++) addComment(doc, id, `Commentaire ${c}`, actor);
	}
	return { doc, ids };
}

function run(observe: boolean): number {
	const { doc, ids } = docWithRequests();
	let events = 0;
	if (observe) {
		const records = requestRecords(doc);
		observeRequestChanges(doc, (touched) => {
			for (const id of touched) {
				const after = requestRecord(doc, id);
				events += requestChanges(records.get(id) ?? null, after).length;
				if (after) records.set(id, after);
			}
		});
	}
	const start = performance.now();
	for (let i = 0; i < EDITS; i++) {
		setRequestStatus(
			doc,
			ids[i % ids.length]!,
			Math.floor(i / ids.length) % 2 ? 'todo' : 'done',
			actor
		);
	}
	const perEdit = (performance.now() - start) / EDITS;
	if (observe && events < EDITS) throw new Error(`only ${events} events`);
	return perEdit * 1000;
}

for (let round = 0; round < 3; round++) {
	const plain = run(false);
	const observed = run(true);
	console.log(
		`round ${round}: per edit ${plain.toFixed(1)} µs without, ${observed.toFixed(1)} µs with the diff (+${(observed - plain).toFixed(1)} µs)`
	);
}
