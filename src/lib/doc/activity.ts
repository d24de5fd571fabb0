import * as Y from 'yjs';
import type { RequestRecord } from '../domain/activity.ts';
import type { CommandOrigin } from './origins.ts';
import { ACTIVITY, requestsMap } from './schema.ts';

/**
 * Two things the activity feature needs of Yjs: the raw state of requests (every field, known to
 * this version or not, for the server's diff), and the firm's activity document, a signal the
 * server writes and staff browsers observe.
 *
 * Activity document layout: root `Y.Map('activity')` with one key, `latest`, the JSON of the last
 * batch of client news ({@link ActivityBatch}). One key overwritten, not one key per event: a
 * deleted `Y.Map` key is kept forever as a tombstone, so a map of events pruned as it grows would
 * grow anyway. History is in the store (`request_events`), read over HTTP.
 */

/** What staff browsers learn live: enough to refetch, and to tell whose task it concerns. */
export interface ActivityBatch {
	/** The newest event's `seq` in the batch. */
	seq: number;
	at: string;
	events: {
		id: string;
		clientId: string;
		requestId: string;
		taskId: string | null;
		kind: string;
	}[];
}

const LATEST = 'latest';
const PUBLISH_ORIGIN: CommandOrigin = { command: 'publishActivity', actorId: 'server' };

/** Server only: announces a batch of news to the firm's staff browsers. */
export function publishActivity(doc: Y.Doc, batch: ActivityBatch): void {
	doc.transact(() => doc.getMap(ACTIVITY).set(LATEST, JSON.stringify(batch)), PUBLISH_ORIGIN);
}

/** The last batch announced, or `null` (none yet, or an entry this version cannot read). */
export function readLatestActivity(doc: Y.Doc): ActivityBatch | null {
	const raw = doc.getMap(ACTIVITY).get(LATEST);
	if (typeof raw !== 'string') return null;
	try {
		const batch = JSON.parse(raw) as ActivityBatch;
		return Array.isArray(batch.events) && typeof batch.seq === 'number' ? batch : null;
	} catch {
		return null;
	}
}

/** Calls `onBatch` for each batch announced after now; returns the unsubscribe. */
export function observeActivity(doc: Y.Doc, onBatch: (batch: ActivityBatch) => void): () => void {
	const map = doc.getMap(ACTIVITY);
	const observer = (event: Y.YMapEvent<unknown>) => {
		if (!event.keysChanged.has(LATEST)) return;
		const batch = readLatestActivity(doc);
		if (batch) onBatch(batch);
	};
	map.observe(observer);
	return () => map.unobserve(observer);
}

/** One request as plain JSON, every field included, or `null` when there is none under `id`. */
export function requestRecord(doc: Y.Doc, id: string): RequestRecord | null {
	const entry = requestsMap(doc).get(id);
	return entry instanceof Y.Map ? (entry.toJSON() as RequestRecord) : null;
}

/** Every request of the document as plain JSON, by id. */
export function requestRecords(doc: Y.Doc): Map<string, RequestRecord> {
	const records = new Map<string, RequestRecord>();
	for (const [id, entry] of requestsMap(doc)) {
		if (entry instanceof Y.Map) records.set(id, entry.toJSON() as RequestRecord);
	}
	return records;
}

/**
 * Calls `onChange` at the end of each transaction that touched requests, with the ids of the
 * requests it touched (created, deleted, or changed inside) and the transaction's origin (who
 * made it, for the caller to tell). Synchronous, within the transaction's cleanup, so that two
 * transactions are never seen as one. Returns the unsubscribe.
 */
export function observeRequestChanges(
	doc: Y.Doc,
	onChange: (ids: Set<string>, origin: unknown) => void
): () => void {
	const map = requestsMap(doc);
	const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
		const ids = new Set<string>();
		for (const event of events) {
			if (event.target === map) for (const key of event.keys.keys()) ids.add(key);
			else if (typeof event.path[0] === 'string') ids.add(event.path[0]);
		}
		if (ids.size > 0) onChange(ids, transaction.origin);
	};
	map.observeDeep(observer);
	return () => map.unobserveDeep(observer);
}
