import * as Y from 'yjs';
import { parseComment, parseDocumentRef, type DocumentRef } from '../domain/attachments.ts';
import { isId } from '../domain/ids.ts';
import { DESCRIPTION_MAX } from '../domain/request.ts';
import { isStatus } from '../domain/status.ts';
import { isCategory, TITLE_MAX } from '../domain/task.ts';
import { isIsoDate, isPeriod, isTimestamp } from '../domain/validation.ts';
import { readRequest } from './requests.ts';
import { META, REQUESTS, TASKS } from './schema.ts';
import { readTask } from './tasks.ts';

/**
 * The server's write rules (DESIGN §2), pure: what an incoming Yjs update may contain, and what a
 * client user may change in its requests document. The `Guard` extension applies them before an
 * update is stored or relayed. Missing rule = deny.
 */

/** The reason the server closes a document's connection with when it refuses an update. */
export const UPDATE_REFUSED = 'update-refused';

/** A refusal: what was wrong, for the server's log (the user only sees that it was refused). */
export type Violation = string;

const isText = (max: number) => (value: unknown) =>
	typeof value === 'string' && value.length <= max;
const isOptional = (check: (value: unknown) => boolean) => (value: unknown) =>
	value === null || check(value);

/** Every field a task or request entry may hold, and what its value must be. */
const FIELD_RULES: Record<string, (value: unknown) => boolean> = {
	id: isId,
	title: isText(TITLE_MAX),
	clientId: isId,
	assigneeId: isId,
	taskId: isId,
	status: isStatus,
	dueDate: isOptional(isIsoDate),
	category: isOptional(isCategory),
	period: isOptional(isPeriod),
	description: isText(DESCRIPTION_MAX),
	createdAt: isTimestamp,
	createdBy: isId,
	updatedAt: isTimestamp,
	schemaVersion: (value) => Number.isInteger(value)
};

/** Keys whose value is a nested `Y.Array` (a request's thread and documents). */
const ARRAY_FIELDS = new Set(['comments', 'documents']);

/**
 * Checks a whole document against the schema (DESIGN §3), as it would be after an update: only
 * its own roots, and every entry of its root map a `Y.Map` of known fields with valid values, its
 * arrays holding valid comments and document references. Used on a scratch copy, so that nothing
 * invalid ever reaches the stored document.
 */
export function documentViolation(
	doc: Y.Doc,
	root: typeof TASKS | typeof REQUESTS,
	/** Only these entries (those an update touched); every entry when absent. */
	ids?: Iterable<string>
): Violation | null {
	for (const name of doc.share.keys()) {
		if (name !== META && name !== root) return `write to unknown root "${name}"`;
	}
	const map = doc.getMap(root);
	const entries: Iterable<[string, unknown]> = ids
		? [...ids].filter((id) => map.has(id)).map((id) => [id, map.get(id)] as [string, unknown])
		: map.entries();
	for (const [id, entry] of entries) {
		if (!isId(id) || !(entry instanceof Y.Map)) return 'malformed entry';
		const parsed = root === TASKS ? readTask(doc, id) : readRequest(doc, id);
		if (!parsed) return 'malformed entry';
		for (const [key, value] of entry.entries()) {
			if (ARRAY_FIELDS.has(key)) {
				if (root !== REQUESTS || !(value instanceof Y.Array)) return `malformed "${key}"`;
				const check = key === 'comments' ? parseComment : parseDocumentRef;
				if (!value.toArray().every((item) => check(item) !== null)) return `invalid ${key} item`;
				continue;
			}
			const rule = FIELD_RULES[key];
			if (!rule) return `unknown field "${key}"`;
			if (!rule(value)) return `invalid value for "${key}"`;
		}
	}
	return null;
}

/** What the guard must still check in the store: document references a client added. */
export interface AddedDocument {
	requestId: string;
	ref: DocumentRef;
}

type Entry = Record<string, unknown>;

/**
 * What a client user changed in its requests document, from the document before and after the
 * update: it may only move a request to a valid status (and `updatedAt` with it), append comments
 * signed with its own id and name, and append references to files it uploaded (returned, for the
 * caller to check against the store). Anything else — a request created, deleted, renamed,
 * re-dated or moved to another task, a comment edited or removed, a forged author, a new root or
 * field — is a violation.
 */
export function clientChangeViolation(
	before: Y.Doc,
	after: Y.Doc,
	user: { id: string; name: string }
): { violation: Violation } | { added: AddedDocument[] } {
	const deny = (violation: Violation) => ({ violation });
	for (const name of after.share.keys()) {
		if (name !== META && name !== REQUESTS) return deny(`write to unknown root "${name}"`);
	}
	if (
		JSON.stringify(after.getMap(META).toJSON()) !== JSON.stringify(before.getMap(META).toJSON())
	) {
		return deny('meta changed');
	}
	const was = before.getMap(REQUESTS).toJSON() as Record<string, Entry>;
	const now = after.getMap(REQUESTS).toJSON() as Record<string, Entry>;
	const ids = Object.keys(was);
	if (Object.keys(now).length !== ids.length || ids.some((id) => !(id in now))) {
		return deny('requests created or deleted');
	}
	const added: AddedDocument[] = [];
	for (const id of ids) {
		const [old, current] = [was[id]!, now[id]!];
		const keys = new Set([...Object.keys(old), ...Object.keys(current)]);
		for (const key of keys) {
			if (key === 'comments' || key === 'documents') continue;
			if (old[key] === current[key]) continue;
			if (key === 'status' && isStatus(current[key])) continue;
			if (key === 'updatedAt' && isTimestamp(current[key])) continue;
			return deny(`field "${key}" of a request changed`);
		}
		const comments = appended(old.comments, current.comments);
		if (!comments) return deny('comments edited or removed');
		for (const value of comments) {
			const comment = parseComment(value);
			if (!comment || comment.authorId !== user.id || comment.authorName !== user.name) {
				return deny('comment not signed by its author');
			}
		}
		const documents = appended(old.documents, current.documents);
		if (!documents) return deny('documents edited or removed');
		for (const value of documents) {
			const ref = parseDocumentRef(value);
			if (!ref || ref.uploadedBy !== user.id) return deny('document not uploaded by its author');
			added.push({ requestId: id, ref });
		}
	}
	return { added };
}

/** The items appended to `before` to make `after`, or `null` if anything else changed. */
function appended(before: unknown, after: unknown): unknown[] | null {
	if (!Array.isArray(before) || !Array.isArray(after) || after.length < before.length) return null;
	for (let i = 0; i < before.length; i++) {
		if (JSON.stringify(before[i]) !== JSON.stringify(after[i])) return null;
	}
	return after.slice(before.length);
}
