import { isId } from './ids.ts';

/**
 * Which Yjs document a name designates. Every document belongs to one firm; request documents
 * are split per client so that a client user can be given exactly one of them; the overview is
 * firm-private, kept by the server from the request documents.
 */
export type DocRef =
	| { kind: 'tasks'; firmId: string }
	| { kind: 'overview'; firmId: string }
	| { kind: 'activity'; firmId: string }
	| { kind: 'requests'; firmId: string; clientId: string };

/** Longest document name accepted; real names are far shorter (ids are at most 64 characters). */
const DOC_NAME_MAX = 200;

/** Name of a firm's tasks document, `firm/<firmId>/tasks`. Throws on an invalid id. */
export function tasksDocName(firmId: string): string {
	return `firm/${requireId(firmId)}/tasks`;
}

/** Name of a firm's overview document, `firm/<firmId>/overview` (server-written, staff-read). */
export function overviewDocName(firmId: string): string {
	return `firm/${requireId(firmId)}/overview`;
}

/**
 * Name of a firm's live activity document, `firm/<firmId>/activity` (server-written, staff-read):
 * the signal that tells staff browsers a client did something (« Nouveautés »).
 */
export function activityDocName(firmId: string): string {
	return `firm/${requireId(firmId)}/activity`;
}

/** Name of a client's requests document, `firm/<firmId>/clients/<clientId>/requests`. */
export function requestsDocName(firmId: string, clientId: string): string {
	return `firm/${requireId(firmId)}/clients/${requireId(clientId)}/requests`;
}

/**
 * Parses a document name sent by a browser, or returns `null`. Access control and storage keys
 * derive from the result, so anything but the four exact shapes is refused: no decoding, no
 * normalisation, and every id must pass {@link isId} (which excludes `.`, `..`, `%`, `\`,
 * whitespace, NUL and empty segments).
 */
export function parseDocName(name: unknown): DocRef | null {
	if (typeof name !== 'string' || name.length > DOC_NAME_MAX) return null;
	const parts = name.split('/');
	const [root, firmId, third, clientId, fifth] = parts;
	if (root !== 'firm' || !isId(firmId)) return null;
	if (parts.length === 3 && third === 'tasks') return { kind: 'tasks', firmId };
	if (parts.length === 3 && third === 'overview') return { kind: 'overview', firmId };
	if (parts.length === 3 && third === 'activity') return { kind: 'activity', firmId };
	if (parts.length === 5 && third === 'clients' && isId(clientId) && fifth === 'requests') {
		return { kind: 'requests', firmId, clientId };
	}
	return null;
}

function requireId(id: string): string {
	if (!isId(id)) throw new TypeError(`Invalid id in document name: ${JSON.stringify(id)}`);
	return id;
}
