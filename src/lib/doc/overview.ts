import * as Y from 'yjs';
import { isId } from '../domain/ids.ts';
import { summarizeRequest, type RequestSummary } from '../domain/overview.ts';
import type { InfoRequest } from '../domain/request.ts';
import { isStatus } from '../domain/status.ts';
import { isIsoDate } from '../domain/validation.ts';
import { requireActor, requireId } from './entries.ts';
import { commandOrigin, type Actor } from './origins.ts';
import { SUMMARIES } from './schema.ts';

export { initOverviewDocument } from './schema.ts';

/**
 * The firm overview (`firm/<firmId>/overview`): one plain {@link RequestSummary} per request of
 * every client of the firm, written by the server only (browsers open it read-only). Plain values
 * rather than nested `Y.Map`s: an entry is always replaced whole, never edited field by field, so
 * 25,000 requests are 25,000 Yjs items and the document loads in one pass.
 *
 * Internal to the layer (exported for tests): the root map, request id → summary.
 */
export function summariesMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(SUMMARIES);
}

/** The summary stored under `id`, validated, or `null` when absent or malformed. */
export function readRequestSummary(doc: Y.Doc, id: string): RequestSummary | null {
	return parseSummary(summariesMap(doc).get(id), id);
}

/** Every valid summary, as fresh plain objects, in no particular order; malformed ones are skipped. */
export function readRequestSummaries(doc: Y.Doc): RequestSummary[] {
	const summaries: RequestSummary[] = [];
	for (const [id, value] of summariesMap(doc).entries()) {
		const summary = parseSummary(value, id);
		if (summary) summaries.push(summary);
	}
	return summaries;
}

/** Valid summaries grouped by task id (the « 8 demandes · 7 à faire · 1 terminée » of a task). */
export function summariesByTask(doc: Y.Doc): Map<string, RequestSummary[]> {
	return groupBy(readRequestSummaries(doc), (s) => s.taskId);
}

/** Valid summaries grouped by client id (the « Par client » view). */
export function summariesByClient(doc: Y.Doc): Map<string, RequestSummary[]> {
	return groupBy(readRequestSummaries(doc), (s) => s.clientId);
}

/**
 * Calls back once per transaction with the ids of the summaries it added, changed or removed,
 * so a view re-reads only those ({@link readRequestSummary}). Returns the unsubscribe function.
 */
export function observeOverview(
	doc: Y.Doc,
	callback: (changedIds: Set<string>) => void
): () => void {
	const map = summariesMap(doc);
	const observer = (event: Y.YMapEvent<unknown>) => {
		if (event.keysChanged.size > 0) callback(new Set(event.keysChanged));
	};
	map.observe(observer);
	return () => map.unobserve(observer);
}

/**
 * Server only: makes the entries of `clientId` equal to the summaries of `requests` (that
 * client's valid requests, as `readRequests` returns them), in one transaction of origin
 * `{ command: 'syncClientSummaries', actorId }`. Writes only the entries whose value differs and
 * deletes that client's entries whose request no longer exists, so a sync that finds nothing new
 * produces no update at all. Other clients' entries are left alone. Returns how many entries it
 * wrote or deleted.
 */
export function syncClientSummaries(
	doc: Y.Doc,
	clientId: string,
	requests: InfoRequest[],
	actor: Actor
): { changed: number } {
	requireId(clientId);
	const wanted = new Map(requests.map((r) => [r.id, summarizeRequest(clientId, r)]));
	return replaceEntries(doc, wanted, (owner) => owner === clientId, 'syncClientSummaries', actor);
}

/**
 * Server only: {@link syncClientSummaries} for several clients (client id → its valid requests)
 * in one transaction of origin `{ command: 'syncSummaries', actorId }` and one pass over the
 * overview, however many clients. Clients absent from the map are left alone.
 */
export function syncSummaries(
	doc: Y.Doc,
	requestsByClient: ReadonlyMap<string, InfoRequest[]>,
	actor: Actor
): { changed: number } {
	const wanted = new Map<string, RequestSummary>();
	for (const [clientId, requests] of requestsByClient) {
		requireId(clientId);
		for (const request of requests) wanted.set(request.id, summarizeRequest(clientId, request));
	}
	const owns = (clientId: unknown) => requestsByClient.has(clientId as string);
	return replaceEntries(doc, wanted, owns, 'syncSummaries', actor);
}

/**
 * Server only: deletes, in one transaction of origin `{ command: 'pruneSummaries', actorId }`,
 * every entry whose client is not in `clientIds` (the firm's clients) and every malformed entry.
 * With {@link syncSummaries} over every client, this reconciles a whole overview.
 */
export function pruneSummaries(
	doc: Y.Doc,
	clientIds: ReadonlySet<string>,
	actor: Actor
): { changed: number } {
	const owns = (clientId: unknown) => !clientIds.has(clientId as string);
	return replaceEntries(doc, new Map(), owns, 'pruneSummaries', actor);
}

/**
 * Deletes the entries `owns` claims (by their `clientId`) that are not in `wanted`, then writes
 * every wanted summary that differs from what is stored.
 */
function replaceEntries(
	doc: Y.Doc,
	wanted: Map<string, RequestSummary>,
	owns: (clientId: unknown) => boolean,
	command: string,
	actor: Actor
): { changed: number } {
	requireActor(actor);
	const map = summariesMap(doc);
	let changed = 0;
	doc.transact(
		() => {
			for (const [id, value] of map.entries()) {
				if (wanted.has(id) || !owns(clientIdOf(value))) continue;
				map.delete(id);
				changed++;
			}
			for (const [id, summary] of wanted) {
				if (sameSummary(map.get(id), summary)) continue;
				map.set(id, summary);
				changed++;
			}
		},
		commandOrigin(command, actor)
	);
	return { changed };
}

function clientIdOf(value: unknown): unknown {
	return typeof value === 'object' && value !== null
		? (value as Record<string, unknown>).clientId
		: undefined;
}

/**
 * Deep equality of a stored value and a summary: every field of a summary is a primitive, so the
 * same keys with `===` values is deep equality. A stored value with an extra or a missing key
 * differs, and is rewritten.
 */
function sameSummary(stored: unknown, summary: RequestSummary): boolean {
	if (typeof stored !== 'object' || stored === null) return false;
	const record = stored as Record<string, unknown>;
	const keys = Object.keys(summary) as (keyof RequestSummary)[];
	return (
		Object.keys(record).length === keys.length && keys.every((key) => record[key] === summary[key])
	);
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
