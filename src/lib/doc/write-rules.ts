import * as Y from 'yjs';
import type { DocRef } from '../domain/doc-names.ts';
import { fieldOf, isValidValue, requiredFields, type FieldTable } from '../domain/fields.ts';
import { isId } from '../domain/ids.ts';
import { parseComment, parseDocumentRef, type DocumentRef } from '../domain/attachments.ts';
import { REQUEST_FIELDS } from '../domain/request.ts';
import { needsComment } from '../domain/status.ts';
import { TASK_FIELDS } from '../domain/task.ts';
import { META, META_FIELDS, REQUESTS, TASKS } from './schema.ts';

/**
 * The server's write rules (DESIGN §2), pure: what an incoming Yjs update may contain, and what a
 * client user may change in its requests document. The `Guard` extension applies them before an
 * update is stored or relayed. Missing rule = deny. What an entry may hold is not written here
 * but read from its kind's field table (`TASK_FIELDS`, `REQUEST_FIELDS`), the one the reads use.
 */

/** The reason the server closes a document's connection with when it refuses an update. */
export const UPDATE_REFUSED = 'update-refused';

/** A refusal: what was wrong, for the server's log (the user only sees that it was refused). */
type Violation = string;

/** The kinds of document a connection may write, with their root map and their entries' fields. */
const WRITABLE = {
	tasks: { root: TASKS, fields: TASK_FIELDS },
	requests: { root: REQUESTS, fields: REQUEST_FIELDS }
} as const satisfies Partial<Record<DocRef['kind'], { root: string; fields: FieldTable }>>;

/** A kind of document the write rules cover (the overview is read-only). */
export type WritableKind = keyof typeof WRITABLE;

/** The root map of a writable kind, whose entries the rules check. */
export function rootOf(kind: WritableKind): string {
	return WRITABLE[kind].root;
}

/** The field table of a writable kind's entries. */
export function fieldsOf(kind: WritableKind): FieldTable {
	return WRITABLE[kind].fields;
}

/**
 * Checks a whole document against the schema (DESIGN §3), as it would be after an update: only
 * its own roots, a `meta` of known valid fields, and every entry of its root map a `Y.Map` filed
 * under its id holding exactly its kind's fields (required ones present, values valid, lists real
 * `Y.Array`s of valid items). Used on a scratch copy, so that nothing invalid ever reaches the
 * stored document.
 */
export function documentViolation(
	doc: Y.Doc,
	kind: WritableKind,
	/** Only these entries (those an update touched); every entry when absent. */
	ids?: Iterable<string>
): Violation | null {
	const { root } = WRITABLE[kind];
	for (const name of doc.share.keys()) {
		if (name !== META && name !== root) return `write to unknown root "${name}"`;
	}
	const meta = mapViolation(doc.getMap(META), META_FIELDS, 'meta');
	if (meta) return meta;
	const map = doc.getMap(root);
	const entries: Iterable<[string, unknown]> = ids
		? [...ids].filter((id) => map.has(id)).map((id) => [id, map.get(id)] as [string, unknown])
		: map.entries();
	for (const [id, entry] of entries) {
		if (!(entry instanceof Y.Map)) return 'malformed entry';
		const violation = entryViolation(kind, id, fieldStates(entry));
		if (violation) return violation;
	}
	return null;
}

/**
 * What one field of an entry holds, as the rules see it: a `Y.Array`'s items (a list), or any
 * other value as stored (a `Y.Text` or `Y.Map` included, which no value check accepts).
 */
export type FieldState = { list: unknown[] } | { value: unknown };

/** The fields of a stored map, as {@link entryViolation} reads them. */
export function fieldStates(map: Y.Map<unknown>): Map<string, FieldState> {
	const fields = new Map<string, FieldState>();
	for (const [key, value] of map.entries()) {
		fields.set(key, value instanceof Y.Array ? { list: value.toArray() } : { value });
	}
	return fields;
}

/**
 * The rules on one entry `id` of a `kind` document, given its fields as they would be after an
 * update (a `Y.Map` read by {@link fieldStates}, or the guard's reading of an update that it
 * does not apply): filed under a valid id equal to its `id` field, exactly the kind's fields.
 */
export function entryViolation(
	kind: WritableKind,
	id: string,
	fields: ReadonlyMap<string, FieldState>
): Violation | null {
	const own = fields.get('id');
	if (!isId(id) || !own || !('value' in own) || own.value !== id) return 'malformed entry';
	return fieldsViolation(fields, WRITABLE[kind].fields, kind);
}

/** Whether `map` holds exactly the fields of `table`, each valid; `what` names it in the log. */
function mapViolation(map: Y.Map<unknown>, table: FieldTable, what: string): Violation | null {
	return fieldsViolation(fieldStates(map), table, what);
}

function fieldsViolation(
	fields: ReadonlyMap<string, FieldState>,
	table: FieldTable,
	what: string
): Violation | null {
	for (const [key, state] of fields) {
		const spec = fieldOf(table, key);
		if (!spec) return `unknown field "${key}" in ${what}`;
		if (spec.kind === 'list') {
			if (!('list' in state)) return `malformed "${key}" in ${what}`;
			if (!state.list.every((item) => spec.item(item) !== null)) return `invalid ${key} item`;
		} else if (!('value' in state) || !isValidValue(spec, state.value)) {
			return `invalid value for "${key}" in ${what}`;
		}
	}
	const missing = requiredFields(table).find((key) => !fields.has(key));
	return missing === undefined ? null : `missing field "${missing}" in ${what}`;
}

/** What the guard must still check in the store: document references a client added. */
interface AddedDocument {
	requestId: string;
	ref: DocumentRef;
}

type Entry = Record<string, unknown>;
type ClientUser = { id: string; name: string };

/**
 * What a client user may do to each field of its requests (DESIGN §2): `set` it to another value
 * its field table accepts, or append items that pass a rule. A field not named here (and any
 * field the table does not know) it may not change.
 */
const CLIENT_MAY: Partial<
	Record<keyof typeof REQUEST_FIELDS, 'set' | ((item: unknown, user: ClientUser) => boolean)>
> = {
	status: 'set',
	// Moving a status stamps the request.
	updatedAt: 'set',
	comments: (item, user) => {
		const comment = parseComment(item);
		return comment !== null && comment.authorId === user.id && comment.authorName === user.name;
	},
	documents: (item, user) => parseDocumentRef(item)?.uploadedBy === user.id
};

/**
 * What a client user changed in its requests document, from the document before and after the
 * update: it may only move a request to a valid status (and `updatedAt` with it), append comments
 * signed with its own id and name, and append references to files it uploaded (returned, for the
 * caller to check against the store). Anything else — a request created, deleted, renamed,
 * re-dated or moved to another task, a comment edited or removed, a forged author, a new root or
 * field, any review field (`review`, `returnReason`, `reviewedBy`, `reviewedAt`: staff only), any
 * change to a validated request, « Sans objet » or « Justificatif perdu » without a comment — is
 * a violation.
 */
export function clientChangeViolation(
	before: Y.Doc,
	after: Y.Doc,
	user: ClientUser
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
		const lock = answerViolation(old, current);
		if (lock) return deny(lock);
		for (const key of new Set([...Object.keys(old), ...Object.keys(current)])) {
			const spec = fieldOf(REQUEST_FIELDS, key);
			const may = Object.hasOwn(CLIENT_MAY, key)
				? CLIENT_MAY[key as keyof typeof REQUEST_FIELDS]
				: undefined;
			if (spec?.kind === 'list') {
				const items = appended(old[key], current[key]);
				if (!items) return deny(`${key} edited or removed`);
				if (items.length === 0) continue;
				if (typeof may !== 'function') return deny(`${key} appended to`);
				if (!items.every((item) => may(item, user))) return deny(`${key} item not the user's own`);
				if (key === 'documents') {
					for (const item of items) added.push({ requestId: id, ref: parseDocumentRef(item)! });
				}
				continue;
			}
			if (old[key] === current[key]) continue;
			if (may === 'set' && spec && isValidValue(spec, current[key])) continue;
			return deny(`field "${key}" of a request changed`);
		}
	}
	return { added };
}

/**
 * The schema v2 rules on a client's answer, beyond the field-by-field ones: a request the firm
 * validated does not change at all (status, comments, documents: the firm closed it), and an
 * answer that must say why (« Sans objet », « Justificatif perdu ») comes with a comment of the
 * client's own in the same update (the field rules check that appended comments are its own).
 */
function answerViolation(old: Entry, current: Entry): Violation | null {
	if (old.review === 'validated') {
		return JSON.stringify(old) === JSON.stringify(current) ? null : 'validated request changed';
	}
	if (current.status === old.status || !needsComment(String(current.status))) return null;
	const comments = appended(old.comments, current.comments);
	return comments && comments.length > 0
		? null
		: `status "${String(current.status)}" without a comment`;
}

/** The items appended to `before` to make `after`, or `null` if anything else changed. */
function appended(before: unknown, after: unknown): unknown[] | null {
	if (!Array.isArray(before) || !Array.isArray(after) || after.length < before.length) return null;
	for (let i = 0; i < before.length; i++) {
		if (JSON.stringify(before[i]) !== JSON.stringify(after[i])) return null;
	}
	return after.slice(before.length);
}
