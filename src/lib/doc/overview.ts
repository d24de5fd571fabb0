import * as Y from 'yjs';
import { isId } from '../domain/ids.ts';
import { summarizeRequest, type RequestSummary } from '../domain/overview.ts';
import type { InfoRequest } from '../domain/request.ts';
import { isStatus } from '../domain/status.ts';
import { isIsoDate } from '../domain/validation.ts';
import { commandOrigin, type Actor } from './origins.ts';
import { SUMMARIES } from './schema.ts';

export { initOverviewDocument } from './schema.ts';

/**
 * The firm overview (`firm/<firmId>/overview`): one plain `RequestSummary` per request of every
 * client, written by the server only. Plain values rather than nested `Y.Map`s: the document is
 * replaced entry by entry, never edited field by field, and 25,000 requests stay 25,000 items.
 */
export function summariesMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(SUMMARIES);
}

/** The summary stored under `id`, validated, or null. */
export function readRequestSummary(doc: Y.Doc, id: string): RequestSummary | null {
	return parseSummary(summariesMap(doc).get(id), id);
}

export function readRequestSummaries(doc: Y.Doc): RequestSummary[] {
	const summaries: RequestSummary[] = [];
	for (const [id, value] of summariesMap(doc).entries()) {
		const summary = parseSummary(value, id);
		if (summary) summaries.push(summary);
	}
	return summaries;
}

export function summariesByTask(doc: Y.Doc): Map<string, RequestSummary[]> {
	return groupBy(readRequestSummaries(doc), (s) => s.taskId);
}

export function summariesByClient(doc: Y.Doc): Map<string, RequestSummary[]> {
	return groupBy(readRequestSummaries(doc), (s) => s.clientId);
}

/** Calls back with the ids of the summaries added, changed or removed by each transaction. */
export function observeOverview(
	doc: Y.Doc,
	callback: (changedIds: Set<string>) => void
): () => void {
	const map = summariesMap(doc);
	const observer = (event: Y.YMapEvent<unknown>) => callback(new Set(event.keysChanged));
	map.observe(observer);
	return () => map.unobserve(observer);
}

/**
 * Server only: makes the overview's entries for `clientId` match `requests`, in one transaction,
 * writing only the summaries that differ and removing those of requests that no longer exist.
 */
export function syncClientSummaries(
	doc: Y.Doc,
	clientId: string,
	requests: InfoRequest[],
	actor: Actor
): { changed: number } {
	const map = summariesMap(doc);
	const wanted = new Map(requests.map((r) => [r.id, summarizeRequest(clientId, r)]));
	let changed = 0;
	doc.transact(
		() => {
			for (const [id, value] of map.entries()) {
				const current = parseSummary(value, id);
				if (current?.clientId === clientId && !wanted.has(id)) {
					map.delete(id);
					changed++;
				}
			}
			for (const [id, summary] of wanted) {
				if (sameSummary(parseSummary(map.get(id), id), summary)) continue;
				map.set(id, summary);
				changed++;
			}
		},
		commandOrigin('syncClientSummaries', actor)
	);
	return { changed };
}

function sameSummary(a: RequestSummary | null, b: RequestSummary): boolean {
	if (!a) return false;
	return (Object.keys(b) as (keyof RequestSummary)[]).every((key) => a[key] === b[key]);
}

function parseSummary(value: unknown, id: string): RequestSummary | null {
	if (typeof value !== 'object' || value === null) return null;
	const v = value as Record<string, unknown>;
	const text = (key: string) => typeof v[key] === 'string';
	const count = (key: string) => Number.isInteger(v[key]) && (v[key] as number) >= 0;
	if (v.id !== id || !isId(v.clientId) || !isId(v.taskId) || !isStatus(v.status)) return null;
	if (!text('title') || !text('updatedAt') || !text('text')) return null;
	if (!count('commentCount') || !count('documentCount')) return null;
	if (v.dueDate !== null && !isIsoDate(v.dueDate)) return null;
	return {
		id,
		clientId: v.clientId,
		taskId: v.taskId,
		title: v.title as string,
		status: v.status,
		dueDate: v.dueDate as string | null,
		updatedAt: v.updatedAt as string,
		commentCount: v.commentCount as number,
		documentCount: v.documentCount as number,
		text: v.text as string
	};
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const k = key(item);
		const group = groups.get(k);
		if (group) group.push(item);
		else groups.set(k, [item]);
	}
	return groups;
}
