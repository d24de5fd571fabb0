import * as Y from 'yjs';
import { required, type FieldTable } from '../domain/fields.ts';
import type { CommandOrigin } from './origins.ts';

/** Version of the layout below; bump it (and migrate on the server) when the layout changes. */
const SCHEMA_VERSION = 1;

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
