import * as Y from 'yjs';
import {
	parseRequest,
	REQUEST_FIELDS,
	validateCommentBody,
	validateDocumentRef,
	validateRequestInput,
	validateRequestPatch,
	type Comment,
	type DocumentRef,
	type InfoRequest,
	type RequestInput,
	type RequestPatch
} from '../domain/request.ts';
import { newId } from '../domain/ids.ts';
import { isStatus, type Status } from '../domain/status.ts';
import {
	changeEntry,
	deleteEntry,
	entryAt,
	entryParser,
	observeEntries,
	readEntries,
	requireActor,
	requireId,
	resolveNewId,
	resolveNow,
	unwrap,
	writeChanges,
	type CommandOptions
} from './entries.ts';
import { DocCommandError } from './errors.ts';
import { commandOrigin, type Actor } from './origins.ts';
import { requestsMap } from './schema.ts';

/** The metadata of an uploaded file; `id` and `at` are filled in when absent. */
export type DocumentRefDraft = Omit<DocumentRef, 'id' | 'at'> & { id?: string; at?: string };

const COMMENTS = 'comments' satisfies keyof typeof REQUEST_FIELDS;
const DOCUMENTS = 'documents' satisfies keyof typeof REQUEST_FIELDS;

/** A request entry as a snapshot, or `null` if malformed (its arrays must be real `Y.Array`s). */
const parseEntry = entryParser(REQUEST_FIELDS, parseRequest);

/** All valid requests as plain snapshots, by creation date then id; malformed ones are skipped. */
export function readRequests(doc: Y.Doc): InfoRequest[] {
	return readEntries(requestsMap(doc), parseEntry);
}

/** One request as a plain snapshot, or `null` if absent or malformed. */
export function readRequest(doc: Y.Doc, id: string): InfoRequest | null {
	const entry = entryAt(requestsMap(doc), id);
	return entry && parseEntry(entry, id);
}

/**
 * Sends a new request to the client (origin `transmitRequest`), status « À faire », with empty
 * comment and document arrays created in the same transaction so they can never be missing.
 */
export function transmitRequest(
	doc: Y.Doc,
	input: RequestInput,
	actor: Actor,
	opts: CommandOptions = {}
): InfoRequest {
	const fields = unwrap(validateRequestInput(input));
	requireActor(actor);
	const root = requestsMap(doc);
	const id = resolveNewId(root, opts.id);
	const now = resolveNow(opts.now);
	const base = { id, ...fields, status: 'todo' as const, createdAt: now, createdBy: actor.id };
	const request: InfoRequest = { ...base, updatedAt: now, comments: [], documents: [] };
	doc.transact(
		() => {
			const entry = new Y.Map<unknown>(Object.entries({ ...base, updatedAt: now }));
			entry.set(COMMENTS, new Y.Array<Comment>());
			entry.set(DOCUMENTS, new Y.Array<DocumentRef>());
			root.set(id, entry);
		},
		commandOrigin('transmitRequest', actor)
	);
	return request;
}

/** Applies a partial update (origin `updateRequest`); only changed fields are written. */
export function updateRequest(
	doc: Y.Doc,
	id: string,
	patch: RequestPatch,
	actor: Actor,
	opts: CommandOptions = {}
): InfoRequest {
	const changes = unwrap(validateRequestPatch(patch));
	const now = resolveNow(opts.now);
	return change(doc, id, actor, 'updateRequest', (entry) => {
		writeChanges(entry, changes, now);
	});
}

/** Moves a request to `status` (origin `setRequestStatus`). */
export function setRequestStatus(
	doc: Y.Doc,
	id: string,
	status: Status,
	actor: Actor,
	opts: CommandOptions = {}
): InfoRequest {
	if (!isStatus(status)) throw new DocCommandError({ status: 'Statut invalide.' });
	const now = resolveNow(opts.now);
	return change(doc, id, actor, 'setRequestStatus', (entry) => {
		writeChanges(entry, { status }, now);
	});
}

/**
 * Appends a comment to the request's thread (origin `addComment`). `updatedAt` is left alone: a
 * client may comment, and its writes are then confined to the thread and documents arrays.
 */
export function addComment(
	doc: Y.Doc,
	requestId: string,
	body: string,
	author: Actor,
	opts: CommandOptions = {}
): Comment {
	const text = unwrap(validateCommentBody(body));
	requireActor(author);
	const id = opts.id ?? newId();
	requireId(id);
	const at = resolveNow(opts.now);
	const comment: Comment = { id, authorId: author.id, authorName: author.name, body: text, at };
	change(doc, requestId, author, 'addComment', (entry) => {
		(entry.get(COMMENTS) as Y.Array<Comment>).push([{ ...comment }]);
	});
	return comment;
}

/**
 * Records an uploaded file on the request (origin `attachDocument`); like comments, it leaves
 * `updatedAt` alone. The file itself must already be stored in the GED.
 */
export function attachDocument(
	doc: Y.Doc,
	requestId: string,
	ref: DocumentRefDraft,
	actor: Actor
): DocumentRef {
	const fields = unwrap(validateDocumentRef(ref));
	requireActor(actor);
	const id = ref.id ?? newId();
	requireId(id);
	const document: DocumentRef = { id, ...fields, at: resolveNow(ref.at) };
	change(doc, requestId, actor, 'attachDocument', (entry) => {
		(entry.get(DOCUMENTS) as Y.Array<DocumentRef>).push([{ ...document }]);
	});
	return document;
}

/** Deletes a request (origin `withdrawRequest`); `false` when it was already gone. */
export function withdrawRequest(doc: Y.Doc, id: string, actor: Actor): boolean {
	return deleteEntry(doc, requestsMap(doc), id, actor, 'withdrawRequest');
}

/**
 * Subscribes to request changes: `callback` receives the ids of the requests created, changed,
 * deleted, or whose comments or documents changed. Returns the unsubscribe function.
 */
export function observeRequests(
	doc: Y.Doc,
	callback: (changedIds: Set<string>) => void
): () => void {
	return observeEntries(requestsMap(doc), callback);
}

/** Runs `write` on the valid request `id` in one transaction; see `changeEntry`. */
function change(
	doc: Y.Doc,
	id: string,
	actor: Actor,
	command: string,
	write: (entry: Y.Map<unknown>) => void
): InfoRequest {
	const target = { id, parse: parseEntry, gone: 'Cette demande n’existe plus.' };
	return changeEntry(doc, requestsMap(doc), target, actor, command, write);
}
