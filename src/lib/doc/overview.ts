import * as Y from 'yjs';
import { isId } from '../domain/ids.ts';
import { summarizeRequest, type RequestSummary } from '../domain/overview.ts';
import type { InfoRequest } from '../domain/request.ts';
import { isReturnReason, isReview } from '../domain/review.ts';
import { isRequestStatus } from '../domain/status.ts';
import { isIsoDate } from '../domain/validation.ts';
import { requireActor, requireId } from './entries.ts';
import { commandOrigin, type Actor } from './origins.ts';
import { SUMMARIES } from './schema.ts';

/** Re-exported so that whoever builds an overview finds its initial content here too. */
export { initOverviewDocument } from './schema.ts';

/**
 * The firm overview (`firm/<firmId>/overview`): one {@link RequestSummary} per request of every
 * client of the firm, written by the server only (browsers open it read-only). Each entry is one
 * string, the JSON of the summary's fields in a fixed order: an entry is always replaced whole,
 * never edited field by field, so 25,000 requests are 25,000 Yjs items of one string each. (As
 * plain objects, Yjs decoded 10 keys and 10 values per entry, 500,000 strings in all, which was
 * most of the firm view's start-up; `JSON.parse` reads the same data in a tenth of the time.)
 * Entries written as plain objects by earlier versions are still read, and rewritten by the
 * server's next reconciliation.
 *
 * Internal to the layer, exported for tests only (`overview.spec.ts`, the overview integration
 * suite): they write forged and old-form entries straight into the map. The root map, request
 * id → summary.
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

/**
 * The stored entries as they are (id, value), unparsed: for a reader that must not hold the
 * event loop while 25,000 are parsed (the daily reminder pass), which then parses them a few at
 * a time with {@link parseRequestSummaryEntry}, outside the document's read.
 */
export function requestSummaryEntries(doc: Y.Doc): [string, unknown][] {
	return [...summariesMap(doc).entries()];
}

/** One entry of {@link requestSummaryEntries}, validated; `null` when malformed. */
export function parseRequestSummaryEntry(id: string, value: unknown): RequestSummary | null {
	return parseSummary(value, id);
}

/**
 * Valid summaries grouped by task id (the « 8 demandes · 7 à faire · 1 terminée » of a task).
 * No view calls it (the « Tâches » workspace keeps its own index, updated per changed id); the
 * overview integration suite counts a task's requests with it.
 */
export function summariesByTask(doc: Y.Doc): Map<string, RequestSummary[]> {
	return groupBy(readRequestSummaries(doc), (s) => s.taskId);
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
 * Per overview document, the ids of each client's entries, by the client id an entry starts
 * with: a sync of a few clients (one per burst of edits) then looks at their entries only, not at every entry of the firm (25,000 at 500 clients). Built at the
 * first sync of a document, then kept in step by observing its map, whatever changes it.
 */
const entriesByClient = new WeakMap<Y.Doc, Map<string, Set<string>>>();

function clientEntries(doc: Y.Doc): Map<string, Set<string>> {
	const known = entriesByClient.get(doc);
	if (known) return known;
	const index = new Map<string, Set<string>>();
	const map = summariesMap(doc);
	const file = (id: string, value: unknown, filed: boolean) => {
		const clientId = leadingClientId(value) ?? clientIdOf(value);
		if (typeof clientId !== 'string') return;
		let ids = index.get(clientId);
		if (filed) {
			if (!ids) index.set(clientId, (ids = new Set()));
			ids.add(id);
		} else if (ids?.delete(id) && ids.size === 0) index.delete(clientId);
	};
	for (const [id, value] of map.entries()) file(id, value, true);
	map.observe((event) => {
		for (const [id, { action, oldValue }] of event.changes.keys) {
			if (action !== 'add') file(id, oldValue, false);
			if (action !== 'delete') file(id, map.get(id), true);
		}
	});
	entriesByClient.set(doc, index);
	return index;
}

/**
 * Server only: makes the entries of each client in `requestsByClient` equal to the summaries of
 * its requests (its valid requests, as `readRequests` returns them), in one transaction of origin
 * `{ command: 'syncSummaries', actorId }`, looking at those clients' entries only. Writes only the
 * entries whose value differs and deletes those clients' entries whose request no longer exists,
 * so a sync that finds nothing new produces no update at all. Clients absent from the map are
 * left alone. Returns how many entries it wrote or deleted.
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
	const index = clientEntries(doc);
	const candidates = [...requestsByClient.keys()].flatMap((id) => [...(index.get(id) ?? [])]);
	return replaceEntries(doc, wanted, owns, 'syncSummaries', actor, candidates);
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
 * every wanted summary that differs from what is stored. `candidates`, when given, are the only
 * ids that may be owned (the owner's entries in {@link clientEntries}); each is still checked.
 */
function replaceEntries(
	doc: Y.Doc,
	wanted: Map<string, RequestSummary>,
	owns: (clientId: unknown) => boolean,
	command: string,
	actor: Actor,
	candidates?: string[]
): { changed: number } {
	requireActor(actor);
	const map = summariesMap(doc);
	const entries = candidates
		? candidates.map((id): [string, unknown] => [id, map.get(id)])
		: map.entries();
	let changed = 0;
	doc.transact(
		() => {
			for (const [id, value] of entries) {
				if (wanted.has(id) || value === undefined) continue;
				if (!owns(clientIdOf(value))) continue;
				map.delete(id);
				changed++;
			}
			for (const [id, summary] of wanted) {
				if (sameSummary(map.get(id), summary)) continue;
				map.set(id, encodeSummary(summary));
				changed++;
			}
		},
		commandOrigin(command, actor)
	);
	return { changed };
}

/** The fields of a stored entry, in order (the id is the entry's key). */
const FIELDS = [
	'clientId',
	'taskId',
	'title',
	'status',
	'dueDate',
	'updatedAt',
	'commentCount',
	'documentCount',
	'text',
	// Schema v2: an entry written before has the nine fields above only, and reads as not
	// reviewed, with no return reason (the server's next sync rewrites it in full).
	'review',
	'returnReason',
	// For the reminders' cadence; absent from entries written before it was kept.
	'createdAt'
] as const satisfies readonly (keyof RequestSummary)[];

/** How many fields a v1 entry holds: those before `review`. */
const V1_FIELD_COUNT = FIELDS.indexOf('review');
/** How many fields an entry written before `createdAt` was kept holds. */
const V2_FIELD_COUNT = FIELDS.indexOf('createdAt');

/** What is stored for `summary`: the JSON of its fields in {@link FIELDS} order. */
function encodeSummary(summary: RequestSummary): string {
	return JSON.stringify(FIELDS.map((field) => summary[field] ?? null));
}

/** A stored entry as a record of fields, whichever form it was written in; `null` if neither. */
function fieldsOf(value: unknown): Record<string, unknown> | null {
	if (typeof value === 'string') {
		let parsed: unknown;
		try {
			parsed = JSON.parse(value);
		} catch {
			return null;
		}
		if (!Array.isArray(parsed)) return null;
		if (![FIELDS.length, V2_FIELD_COUNT, V1_FIELD_COUNT].includes(parsed.length)) return null;
		return Object.fromEntries(FIELDS.map((field, i) => [field, parsed[i]]));
	}
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

function clientIdOf(value: unknown): unknown {
	return fieldsOf(value)?.clientId;
}

/**
 * The client id an encoded entry starts with (`["<clientId>",…`), read without parsing, or `null`
 * when the entry is not in that form or its first string holds an escape (then only parsing says).
 */
function leadingClientId(value: unknown): string | null {
	if (typeof value !== 'string' || !value.startsWith('["')) return null;
	const end = value.indexOf('"', 2);
	if (end < 0) return null;
	const literal = value.slice(2, end);
	return literal.includes('\\') ? null : literal;
}

/** A stored entry equals a summary when it is exactly its encoding (an old form never does). */
function sameSummary(stored: unknown, summary: RequestSummary): boolean {
	return stored === encodeSummary(summary);
}

function parseSummary(value: unknown, id: string): RequestSummary | null {
	const v = fieldsOf(value);
	if (!v) return null;
	if (typeof value === 'object' && v.id !== id) return null;
	const text = (key: string) => typeof v[key] === 'string';
	const count = (key: string) => Number.isInteger(v[key]) && (v[key] as number) >= 0;
	if (!isId(v.clientId) || !isId(v.taskId) || !isRequestStatus(v.status)) return null;
	const review = v.review ?? null;
	const returnReason = v.returnReason ?? null;
	if (review !== null && !isReview(review)) return null;
	if (returnReason !== null && !isReturnReason(returnReason)) return null;
	if (!text('title') || !text('updatedAt') || !text('text')) return null;
	if (!count('commentCount') || !count('documentCount')) return null;
	if (v.dueDate !== null && !isIsoDate(v.dueDate)) return null;
	const createdAt = typeof v.createdAt === 'string' ? { createdAt: v.createdAt } : {};
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
		text: v.text as string,
		review,
		returnReason,
		...createdAt
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
