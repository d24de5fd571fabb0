import type { beforeHandleMessagePayload, Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import { REQUESTS, TASKS } from '../../src/lib/doc/schema.ts';
import {
	clientChangeViolation,
	documentViolation,
	UPDATE_REFUSED
} from '../../src/lib/doc/write-rules.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';
import type { ConnectionContext } from './context.ts';
import { documentUpdateOf, isEmptyUpdate } from './messages.ts';

export { UPDATE_REFUSED };

/**
 * A staff document with more entries than this is checked by its shape only as Yjs reads it
 * (a scratch copy of a 5,000-task document would cost ~100 ms per keystroke); every client
 * document, and any staff document below it, is checked whole on a scratch copy.
 */
export const STAFF_FULL_CHECK_MAX_ENTRIES = 1000;

/** A document a change would make larger than this is refused (checked documents only). */
export const DOCUMENT_MAX_BYTES = 16 * 1024 * 1024;

class UpdateRefused extends Error {
	readonly reason = UPDATE_REFUSED;
	/** 4xxx: an application close code, so the provider does not treat it as a network error. */
	readonly code = 4403;
}

/**
 * Write rules (DESIGN §2), before an update is stored or relayed (higher priority than
 * Persistence): the update is applied to a scratch copy of the document, and the copy must still
 * fit the schema; for a client user, the change from the current document must be one it may make
 * (a status, its own comments, references to files it uploaded to that request). A refused
 * update closes that document's connection with {@link UPDATE_REFUSED}; nothing of it is kept.
 */
export class Guard implements Extension {
	readonly extensionName = 'Guard';
	readonly priority = 500;
	readonly #store: Store;

	constructor(store: Store) {
		this.#store = store;
	}

	async beforeHandleMessage({
		update: raw,
		document,
		connection,
		context
	}: beforeHandleMessagePayload): Promise<void> {
		if (connection.readOnly) return;
		const update = documentUpdateOf(raw);
		if (!update || isEmptyUpdate(update)) return;
		const { user, doc: ref } = context as ConnectionContext;
		if (ref.kind === 'overview') throw refused('overview is read-only');
		const root = ref.kind === 'tasks' ? TASKS : REQUESTS;
		const client = user.role === 'client';
		if (!client && document.getMap(root).size > STAFF_FULL_CHECK_MAX_ENTRIES) return;

		const state = Y.encodeStateAsUpdate(document);
		if (state.length + update.length > DOCUMENT_MAX_BYTES) throw refused('document too large');
		const after = new Y.Doc({ gc: false });
		Y.applyUpdate(after, state);
		Y.applyUpdate(after, update);
		// An update waiting for parts it does not carry would be checked without them, and
		// integrate later unchecked: a legitimate client always sends whole updates.
		if (after.store.pendingStructs || after.store.pendingDs) throw refused('incomplete update');
		const shape = documentViolation(after, root);
		if (shape) throw refused(shape);
		if (!client) return;

		const before = new Y.Doc({ gc: false });
		Y.applyUpdate(before, state);
		const change = clientChangeViolation(before, after, user);
		if ('violation' in change) throw refused(change.violation);
		for (const { requestId, ref: added } of change.added) {
			const file = await this.#store.getFile(added.fileId);
			const own =
				file &&
				file.clientId === user.clientId &&
				file.requestId === requestId &&
				file.uploadedBy === user.id &&
				file.name === added.name &&
				file.size === added.size &&
				file.mime === added.mime &&
				file.gedPath === added.gedPath;
			if (!own) throw refused('reference to a file not uploaded by this user here');
		}
	}
}

function refused(why: string): UpdateRefused {
	return new UpdateRefused(`Update refused: ${why}`);
}
