import { isStaff, type Role } from './roles.ts';
import { REQUEST_STATUS_LABELS } from './status.ts';

/**
 * What happened to a request, as the timeline and « Nouveautés » tell it. Kinds the diff below
 * produces, plus `opened` (a client user saw the request for the first time) and `reminded`
 * (a reminder was sent, recorded by the reminders' scheduler). The union stays open in storage:
 * a kind this version does not know is kept and shown to staff by its name, never to a client.
 */
export const EVENT_KINDS = [
	'transmitted',
	'edited',
	'status',
	'comment',
	'document',
	'deleted',
	'opened',
	'reminded'
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

/** Who did it: a user of the firm or of a client, or Navette itself (a server job). */
export type EventActorRole = Role | 'system';

export interface EventActor {
	/** Null for Navette itself. */
	id: string | null;
	name: string;
	role: EventActorRole;
}

/** One recorded event, as the store returns it. `detail` depends on the kind (see the diff). */
export interface RequestEvent {
	id: string;
	/** Insertion order: newest first is `seq` descending. */
	seq: number;
	firmId: string;
	clientId: string;
	requestId: string;
	taskId: string | null;
	actor: EventActor;
	kind: string;
	detail: Record<string, unknown>;
	at: string;
}

/** What a recorder hands the store; id and time are filled in when absent. */
export type NewRequestEvent = Omit<RequestEvent, 'id' | 'seq' | 'at'> & {
	id?: string;
	at?: string;
};

/** « Mes tâches » (the tasks assigned to the user) or « Tout le cabinet » (administrators). */
export type FeedScope = 'mine' | 'firm';

/** One line of « Nouveautés »: the event, whether this user read it, and what it is about. */
export interface FeedEntry {
	event: RequestEvent;
	read: boolean;
	clientName: string;
	taskTitle: string | null;
	requestTitle: string | null;
}

/** What `GET /api/activity` answers. */
export interface Feed {
	scope: FeedScope;
	entries: FeedEntry[];
	/** Unread news in this scope (all of it, not only the entries returned). */
	unread: number;
}

/** Navette itself, for changes made by the server with no user behind them. */
export const SYSTEM_ACTOR: EventActor = { id: null, name: 'Navette', role: 'system' };

/** A request entry as plain JSON (`Y.Map.toJSON()`): every field, known to this version or not. */
export type RequestRecord = Record<string, unknown>;

/** One change found by {@link requestChanges}, before it is attributed and stored. */
export interface RequestChange {
	kind: EventKind;
	detail: Record<string, unknown>;
	/** The user the entry itself names as author (a comment's, a document's uploader). */
	authorId?: string;
	authorName?: string;
}

/** Fields that are bookkeeping (the event says who and when already), not something anyone did. */
const QUIET_FIELDS = new Set([
	'id',
	'updatedAt',
	'createdAt',
	'createdBy',
	'reviewedBy',
	'reviewedAt'
]);
/** Fields with events of their own. */
const OWN_EVENT_FIELDS = new Set(['status', 'comments', 'documents']);
/** Longest value copied into an `edited` event's detail (longer ones are only named). */
const VALUE_MAX = 500;
/** Longest comment body copied into a `comment` event. */
const BODY_MAX = 280;

/**
 * The events between two states of one request: `null` before means it was transmitted, `null`
 * after that it was deleted. Generic on purpose: a status changing from X to Y (whatever the
 * statuses), items appended to `comments` and `documents` (by id), and any other field that
 * changed (`edited`, with the fields named and short values copied), so that fields and
 * statuses added later are reported without this function knowing them.
 */
export function requestChanges(
	before: RequestRecord | null,
	after: RequestRecord | null
): RequestChange[] {
	if (!before && !after) return [];
	if (!before) return [{ kind: 'transmitted', detail: { title: after!.title ?? null } }];
	if (!after) return [{ kind: 'deleted', detail: { title: before.title ?? null } }];
	const changes: RequestChange[] = [];
	const edited = editedFields(before, after);
	if (edited) changes.push(edited);
	if (before.status !== after.status) {
		changes.push({
			kind: 'status',
			detail: { from: before.status ?? null, to: after.status ?? null }
		});
	}
	for (const item of appended(before.comments, after.comments)) {
		changes.push({
			kind: 'comment',
			detail: { commentId: item.id, body: clip(item.body, BODY_MAX) },
			...author(item.authorId, item.authorName)
		});
	}
	for (const item of appended(before.documents, after.documents)) {
		changes.push({
			kind: 'document',
			detail: { documentId: item.id, fileId: item.fileId ?? null, name: item.name ?? null },
			...author(item.uploadedBy, undefined)
		});
	}
	return changes;
}

function editedFields(before: RequestRecord, after: RequestRecord): RequestChange | null {
	const fields: string[] = [];
	const values: Record<string, { from: unknown; to: unknown }> = {};
	for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
		if (QUIET_FIELDS.has(field)) continue;
		const from = before[field];
		const to = after[field];
		if (OWN_EVENT_FIELDS.has(field)) {
			// Appends have their own events; anything else done to a list (a removal) is an edit.
			if (field !== 'status' && !onlyAppended(from, to)) fields.push(field);
			continue;
		}
		// An absent field reads as `null` (an optional field written as `null` is no edit).
		if (sameJson(from ?? null, to ?? null)) continue;
		fields.push(field);
		if (isShort(from) && isShort(to)) values[field] = { from: from ?? null, to: to ?? null };
	}
	return fields.length > 0 ? { kind: 'edited', detail: { fields: fields.sort(), values } } : null;
}

/** Fields whose edit is a decision (the firm's review), told as such: never merged. */
const DECISION_FIELDS = new Set(['review', 'returnReason']);

/**
 * Whether `change` is an edit that may be merged with the same author's next ones (typing comes
 * a keystroke at a time); a review decision is an event of its own.
 */
export function isMergeableEdit(change: RequestChange): boolean {
	return change.kind === 'edited' && !editDetail(change).fields.some((f) => DECISION_FIELDS.has(f));
}

/**
 * Two `edited` changes in a row to one request by one author, as one: the fields either named,
 * each from its value before the first to its value after the second. A field back where it was
 * is dropped (null when none is left: nothing was edited after all); a field whose value one of
 * them only names (too long to copy) stays only named.
 */
export function mergeEdits(first: RequestChange, then: RequestChange): RequestChange | null {
	const [a, b] = [editDetail(first), editDetail(then)];
	const fields: string[] = [];
	const values: Record<string, { from: unknown; to: unknown }> = {};
	for (const field of new Set([...a.fields, ...b.fields])) {
		const [inA, inB] = [a.fields.includes(field), b.fields.includes(field)];
		const [va, vb] = [a.values[field], b.values[field]];
		if (inA && inB) {
			if (va && vb && sameJson(va.from, vb.to)) continue;
			fields.push(field);
			if (va && vb) values[field] = { from: va.from, to: vb.to };
		} else {
			fields.push(field);
			const known = inA ? va : vb;
			if (known) values[field] = known;
		}
	}
	if (fields.length === 0) return null;
	return { kind: 'edited', detail: { fields: fields.sort(), values } };
}

type EditValues = Record<string, { from: unknown; to: unknown } | undefined>;

function editDetail({ detail }: RequestChange): { fields: string[]; values: EditValues } {
	const fields = Array.isArray(detail.fields) ? detail.fields.map(String) : [];
	const values = (typeof detail.values === 'object' && detail.values) || {};
	return { fields, values: values as EditValues };
}

type Item = Record<string, unknown> & { id: string };

function items(list: unknown): Item[] {
	if (!Array.isArray(list)) return [];
	return list.filter(
		(item): item is Item =>
			typeof item === 'object' && item !== null && typeof (item as Item).id === 'string'
	);
}

function appended(before: unknown, after: unknown): Item[] {
	const known = new Set(items(before).map((item) => item.id));
	return items(after).filter((item) => !known.has(item.id));
}

function onlyAppended(before: unknown, after: unknown): boolean {
	const now = new Map(items(after).map((item) => [item.id, item]));
	return items(before).every((item) => sameJson(item, now.get(item.id)));
}

function author(id: unknown, name: unknown): Pick<RequestChange, 'authorId' | 'authorName'> {
	return {
		...(typeof id === 'string' ? { authorId: id } : {}),
		...(typeof name === 'string' ? { authorName: name } : {})
	};
}

function sameJson(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

function isShort(value: unknown): boolean {
	if (value === undefined || value === null || typeof value === 'number') return true;
	if (typeof value === 'boolean') return true;
	return typeof value === 'string' && value.length <= VALUE_MAX;
}

function clip(value: unknown, max: number): string {
	const text = typeof value === 'string' ? value : '';
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * « Nouveautés »: what clients did (deposits, comments, status changes, answers, and whatever a
 * client may do later), not their first views of a request.
 */
export function isClientNews(event: Pick<RequestEvent, 'actor' | 'kind'>): boolean {
	return event.actor.role === 'client' && event.kind !== 'opened';
}

/** The label of a status value, known or not (a newer status shows by its stored name). */
export function statusLabel(value: unknown): string {
	if (typeof value !== 'string') return '—';
	return (REQUEST_STATUS_LABELS as Record<string, string>)[value] ?? value;
}

/** Fields whose edits the client sees on its timeline (it sees their values on the request). */
const CLIENT_VISIBLE_FIELDS = new Set([
	'title',
	'description',
	'dueDate',
	'review',
	'returnReason'
]);
/** Kinds a client sees, as the client's part of the timeline; everything else is the firm's. */
const CLIENT_KINDS = new Set<string>([
	'transmitted',
	'edited',
	'status',
	'comment',
	'document',
	'opened',
	'reminded'
]);

/** How a client's timeline names anyone of the firm, and Navette's own jobs. */
export const FIRM_ACTOR_NAME = 'Le cabinet';

/**
 * The client's part of its request's timeline, or `null` for an event it does not see. It sees
 * its own actions and what the firm sent or showed it (transmission, edits of the fields it
 * reads, status changes, comments, documents, reminders); never who at the firm did it (staff
 * and Navette are « Le cabinet »), never a deletion, an edit of a field it does not see, nor a
 * kind this version does not know (deny by default).
 */
export function clientPart(event: RequestEvent): RequestEvent | null {
	if (!CLIENT_KINDS.has(event.kind)) return null;
	let detail = event.detail;
	if (event.kind === 'edited') {
		const fields = (Array.isArray(detail.fields) ? detail.fields : []).filter(
			(field): field is string => typeof field === 'string' && CLIENT_VISIBLE_FIELDS.has(field)
		);
		if (fields.length === 0) return null;
		const values = (detail.values ?? {}) as Record<string, unknown>;
		detail = {
			fields,
			values: Object.fromEntries(fields.filter((f) => f in values).map((f) => [f, values[f]]))
		};
	} else if (event.kind === 'comment') {
		detail = { commentId: detail.commentId ?? null, body: detail.body ?? '' };
	}
	const firmSide = event.actor.role === 'system' || isStaff(event.actor.role as Role);
	const actor: EventActor = firmSide
		? { id: null, name: FIRM_ACTOR_NAME, role: 'system' }
		: event.actor;
	return { ...event, taskId: null, actor, detail };
}

const FIELD_LABELS: Record<string, string> = {
	title: 'titre',
	description: 'description',
	dueDate: 'échéance',
	taskId: 'tâche',
	comments: 'commentaires',
	documents: 'documents',
	review: 'validation',
	returnReason: 'motif du renvoi'
};

/**
 * The firm's review (schema v2: `review`, `returnReason`) said in its own words when an edit is
 * one; `null` for any other edit. Read from the copied values only, so it needs nothing else of
 * the review.
 */
function reviewSummary(detail: Record<string, unknown>): string | null {
	const values = (detail.values ?? {}) as Record<string, { from?: unknown; to?: unknown }>;
	const reason = values.returnReason?.to;
	if (typeof reason === 'string' && reason !== '') return `Renvoyée au client : « ${reason} »`;
	if (values.review?.to === 'validated') return 'Demande validée';
	if (values.review?.from === 'validated') return 'Validation annulée';
	return null;
}

/** One line saying what happened, in French, for the timeline and « Nouveautés ». */
export function eventSummary(event: Pick<RequestEvent, 'kind' | 'detail'>): string {
	const { detail } = event;
	switch (event.kind) {
		case 'transmitted':
			return 'Demande transmise';
		case 'edited': {
			const review = reviewSummary(detail);
			if (review) return review;
			const fields = Array.isArray(detail.fields) ? detail.fields.map(String) : [];
			return `Demande modifiée : ${fields.map((f) => FIELD_LABELS[f] ?? f).join(', ')}`;
		}
		case 'status':
			return `Statut : ${statusLabel(detail.from)} → ${statusLabel(detail.to)}`;
		case 'comment':
			return `Commentaire : « ${String(detail.body ?? '')} »`;
		case 'document':
			return `Document déposé : ${String(detail.name ?? '')}`;
		case 'deleted':
			return 'Demande supprimée';
		case 'opened':
			return 'Demande consultée pour la première fois';
		case 'reminded':
			return 'Relance envoyée';
		default:
			return event.kind;
	}
}
