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
import { validateReturnReason } from '../domain/review.ts';
import { isAnswered, isRequestStatus, needsComment, type RequestStatus } from '../domain/status.ts';
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

/** The review fields of a request never reviewed: absent in the entry, `null` in a snapshot. */
const NOT_REVIEWED = { review: null, returnReason: null, reviewedBy: null, reviewedAt: null };

const VALIDATED = 'Cette demande est validée : annulez d’abord la validation.';

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
	const request: InfoRequest = {
		...base,
		updatedAt: now,
		comments: [],
		documents: [],
		...NOT_REVIEWED
	};
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

/** Options of {@link setRequestStatus}: the comment « Sans objet » and « Justificatif perdu » need. */
export interface StatusOptions extends CommandOptions {
	comment?: string;
}

/**
 * Moves a request to `status` (origin `setRequestStatus`). « Sans objet » and « Justificatif
 * perdu » require `opts.comment`, appended in the same transaction (so in the same update, which
 * the Guard checks for a client). A request the firm validated is not moved (`conflict`): staff
 * undo the validation first, and a client may not change it at all.
 */
export function setRequestStatus(
	doc: Y.Doc,
	id: string,
	status: RequestStatus,
	actor: Actor,
	opts: StatusOptions = {}
): InfoRequest {
	if (!isRequestStatus(status)) throw new DocCommandError({ status: 'Statut invalide.' });
	const comment = needsComment(status) ? requiredComment(opts.comment) : null;
	const now = resolveNow(opts.now);
	const current = readRequest(doc, id);
	if (current?.review === 'validated') throw new DocCommandError({ status: VALIDATED }, 'conflict');
	return change(doc, id, actor, 'setRequestStatus', (entry) => {
		writeChanges(entry, { status }, now);
		if (comment !== null) {
			const item: Comment = {
				id: newId(),
				authorId: actor.id,
				authorName: actor.name,
				body: comment,
				at: now
			};
			(entry.get(COMMENTS) as Y.Array<Comment>).push([item]);
		}
	});
}

function requiredComment(body: string | undefined): string {
	if (body === undefined || body.trim() === '') {
		throw new DocCommandError({ comment: 'Expliquez votre réponse dans un commentaire.' });
	}
	return unwrap(validateCommentBody(body));
}

/**
 * « Valider » (origin `validateRequest`): the firm accepts the client's answer. Only an answered
 * request (« À valider ») can be validated; the return reason, now moot, is cleared.
 */
export function validateRequest(
	doc: Y.Doc,
	id: string,
	actor: Actor,
	opts: CommandOptions = {}
): InfoRequest {
	const now = resolveNow(opts.now);
	const current = readRequest(doc, id);
	if (current && current.review === 'validated') return current;
	if (current && !isAnswered(current.status)) {
		throw new DocCommandError({ review: 'Le client n’a pas encore répondu.' }, 'conflict');
	}
	return change(doc, id, actor, 'validateRequest', (entry) => {
		writeReview(entry, { review: 'validated', returnReason: null }, actor, now);
	});
}

/** « Annuler la validation » (origin `unvalidateRequest`): back to « À valider ». */
export function unvalidateRequest(
	doc: Y.Doc,
	id: string,
	actor: Actor,
	opts: CommandOptions = {}
): InfoRequest {
	const now = resolveNow(opts.now);
	const current = readRequest(doc, id);
	if (current && current.review !== 'validated') return current;
	return change(doc, id, actor, 'unvalidateRequest', (entry) => {
		writeReview(entry, { review: null }, actor, now);
	});
}

/**
 * « Renvoyer au client » (origin `returnRequest`): the answer is not enough. The request goes
 * back to « À faire » with `reason` (required), which the client sees on the request and the
 * next reminder repeats. A validated request is not returned (`conflict`).
 */
export function returnRequest(
	doc: Y.Doc,
	id: string,
	reason: string,
	actor: Actor,
	opts: CommandOptions = {}
): InfoRequest {
	const returnReason = unwrap(validateReturnReason(reason));
	const now = resolveNow(opts.now);
	const current = readRequest(doc, id);
	if (current?.review === 'validated') throw new DocCommandError({ reason: VALIDATED }, 'conflict');
	return change(doc, id, actor, 'returnRequest', (entry) => {
		writeChanges(entry, { status: 'todo' }, now);
		writeReview(entry, { returnReason }, actor, now);
	});
}

/**
 * Writes the review fields that change and who did it. A field to clear is set to `null` (only if
 * it holds something), a plain last-writer-wins write like every other field.
 */
function writeReview(
	entry: Y.Map<unknown>,
	fields: { review?: 'validated' | null; returnReason?: string | null },
	actor: Actor,
	now: string
): void {
	for (const [key, value] of Object.entries(fields)) {
		if ((entry.get(key) ?? null) !== value) entry.set(key, value);
	}
	entry.set('reviewedBy', actor.id);
	entry.set('reviewedAt', now);
	entry.set('updatedAt', now);
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
