import * as Y from 'yjs';
import { required, type FieldTable } from '../domain/fields.ts';
import type { CommandOrigin } from './origins.ts';

/**
 * Version of the layout below; bump it (and add its step to `MIGRATIONS`) when the layout
 * changes. 2: a request's answers « Sans objet » / « Justificatif perdu » and the firm's review
 * (`review`, `returnReason`, `reviewedBy`, `reviewedAt`); see README.md.
 */
export const SCHEMA_VERSION = 2;

/** Root `Y.Map` of every document: `{ schemaVersion }`. */
export const META = 'meta';
/** Root `Y.Map` of a tasks document: task id → task `Y.Map`. */
export const TASKS = 'tasks';
/** Root `Y.Map` of a requests document: request id → request `Y.Map`. */
export const REQUESTS = 'requests';

/**
 * Root `Y.Map` of an overview document: request id → one string, the JSON of that request's
 * `RequestSummary` (see `overview.ts`).
 */
export const SUMMARIES = 'requests';

const SCHEMA_VERSION_KEY = 'schemaVersion';

/** The fields of the `meta` map of every document, and nothing else. */
export const META_FIELDS = {
	[SCHEMA_VERSION_KEY]: required((value): value is number => Number.isInteger(value))
} as const satisfies FieldTable;
const INIT_ORIGIN: CommandOrigin = { command: 'initDocument', actorId: 'server' };
/** The origin of {@link migrateDocument}'s transaction. */
export const MIGRATE_ORIGIN: CommandOrigin = { command: 'migrateDocument', actorId: 'server' };

/**
 * What each version needs done to a document of the version before it, beyond the version
 * number itself. 1 → 2 only adds optional fields (absent reads as `null`) and statuses that v1
 * documents cannot hold: every v1 entry is a valid v2 entry as it stands, so no entry is
 * rewritten (rewriting them would make the server's write win over a client's concurrent edit).
 */
const MIGRATIONS: Record<number, (doc: Y.Doc) => void> = {
	2: () => {}
};

/** The `schemaVersion` a document says it follows, or `null` when it has none (not initialised). */
export function schemaVersionOf(doc: Y.Doc): number | null {
	const version: unknown = doc.getMap(META).get(SCHEMA_VERSION_KEY);
	return Number.isInteger(version) ? (version as number) : null;
}

/**
 * Server only: brings a document of an older version to {@link SCHEMA_VERSION}, in one
 * transaction of origin {@link MIGRATE_ORIGIN}, running each version's step in order. Returns
 * whether it wrote anything: a current, newer or uninitialised document is left as it is.
 * Idempotent, and safe on two instances at once (both write the same value).
 */
export function migrateDocument(doc: Y.Doc): boolean {
	const from = schemaVersionOf(doc);
	if (from === null || from >= SCHEMA_VERSION) return false;
	doc.transact(() => {
		for (let version = from + 1; version <= SCHEMA_VERSION; version++) {
			MIGRATIONS[version]?.(doc);
		}
		doc.getMap(META).set(SCHEMA_VERSION_KEY, SCHEMA_VERSION);
	}, MIGRATE_ORIGIN);
	return true;
}

/**
 * Writes the initial content of a tasks document. Server only: initial content is created once,
 * where the document is stored, so that two first visits cannot race two initial states.
 * Idempotent: a document that already has a version is left as it is.
 */
export function initTasksDocument(doc: Y.Doc): void {
	initDocument(doc, TASKS);
}

/** Same as {@link initTasksDocument} for a client's requests document. Server only. */
export function initRequestsDocument(doc: Y.Doc): void {
	initDocument(doc, REQUESTS);
}

/** Same as {@link initTasksDocument} for a firm's overview document. Server only. */
export function initOverviewDocument(doc: Y.Doc): void {
	initDocument(doc, SUMMARIES);
}

/** Root `Y.Map` of a firm's activity document (see `activity.ts`). */
export const ACTIVITY = 'activity';

/** Same as {@link initTasksDocument} for a firm's activity document. Server only. */
export function initActivityDocument(doc: Y.Doc): void {
	initDocument(doc, ACTIVITY);
}

function initDocument(doc: Y.Doc, root: string): void {
	const meta = doc.getMap(META);
	if (meta.has(SCHEMA_VERSION_KEY)) return;
	doc.transact(() => {
		meta.set(SCHEMA_VERSION_KEY, SCHEMA_VERSION);
		doc.getMap(root);
	}, INIT_ORIGIN);
}

/**
 * Internal to the layer (the task commands and reads; tests that write malformed entries): the
 * root map of tasks. Values are typed as `Y.Map` but come from untrusted writers; check them.
 */
export function tasksMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap<Y.Map<unknown>>(TASKS);
}

/** Internal to the layer, like {@link tasksMap}: the root map of requests. */
export function requestsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap<Y.Map<unknown>>(REQUESTS);
}
