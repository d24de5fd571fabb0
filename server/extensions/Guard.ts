import type { beforeHandleMessagePayload, Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import { fastVerdict, type DecodedUpdate } from '../../src/lib/doc/update-effect.ts';
import {
	clientChangeViolation,
	documentViolation,
	rootOf,
	UPDATE_REFUSED,
	type WritableKind
} from '../../src/lib/doc/write-rules.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';
import type { ConnectionContext } from './context.ts';
import { documentUpdateOf, isEmptyUpdate } from './messages.ts';

export { UPDATE_REFUSED };

/** A document a change would make larger than this is refused (checked documents only). */
export const DOCUMENT_MAX_BYTES = 16 * 1024 * 1024;

class UpdateRefused extends Error {
	readonly reason = UPDATE_REFUSED;
	/** 4xxx: an application close code, so the provider does not treat it as a network error. */
	readonly code = 4403;
}

/**
 * Write rules (DESIGN §2), before an update is stored or relayed (higher priority than
 * Persistence): the update is applied to a copy of the document first, and the copy must still
 * fit the schema; for a client user, the change from the current document must be one it may make
 * (a status, its own comments, references to files it uploaded to that request). A refused
 * update closes that document's connection with {@link UPDATE_REFUSED}; nothing of it is kept.
 */
export class Guard implements Extension {
	readonly extensionName = 'Guard';
	readonly priority = 500;
	readonly #store: Store;
	/** Per live document, the replica that updates the fast path is unsure of are tried on. */
	readonly #replicas = new WeakMap<Y.Doc, Replica>();

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
		if (ref.kind === 'overview' || ref.kind === 'activity')
			throw refused(`${ref.kind} is read-only`);
		if (user.role !== 'client') return this.#checkStaff(document, ref.kind, update);

		// A client's document is small and its writes rare: the change is read whole, from a
		// scratch copy before and after the update.
		const state = Y.encodeStateAsUpdate(document);
		if (state.length + update.length > DOCUMENT_MAX_BYTES) throw refused('document too large');
		const after = new Y.Doc({ gc: false });
		Y.applyUpdate(after, state);
		Y.applyUpdate(after, update);
		// An update waiting for parts it does not carry would be checked without them, and
		// integrate later unchecked: a legitimate client always sends whole updates.
		if (after.store.pendingStructs || after.store.pendingDs) throw refused('incomplete update');
		const shape = documentViolation(after, ref.kind);
		if (shape) throw refused(shape);

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

	/**
	 * Staff write often, to documents that can be large (a firm's 5,000 tasks): copying the
	 * document per keystroke would cost ~100 ms, and trying each update on a replica kept in step
	 * applies it twice. So the update is first read without applying it (`updateEffect`): when
	 * what it does to each entry it touches is certain (a field set, an entry added or deleted, a
	 * list appended to — what staff do), those entries as they would be are checked against the
	 * rules, and nothing is applied; the update is accepted or refused from that. Anything else
	 * goes through a replica as before.
	 */
	#checkStaff(document: Y.Doc, kind: WritableKind, update: Uint8Array): void {
		if (update.length > DOCUMENT_MAX_BYTES) throw refused('update too large');
		let decoded: DecodedUpdate | null = null;
		try {
			decoded = Y.decodeUpdate(update);
		} catch {
			// Left to the replica, whose application fails the same way.
		}
		const verdict = decoded ? fastVerdict(document, kind, decoded) : null;
		if (verdict && 'ok' in verdict) {
			this.#replicas.get(document)?.idle();
			return;
		}
		// Nothing was applied: a replica, if any, is still in step.
		if (verdict && 'violation' in verdict) throw refused(verdict.violation);
		this.#replicaCheck(document, kind, update);
	}

	/**
	 * The update tried on a replica of the document, and only the entries it touched checked. A
	 * refused (or failed) update leaves the replica ahead of the live document: it is dropped.
	 */
	#replicaCheck(document: Y.Doc, kind: WritableKind, update: Uint8Array): void {
		const replica = this.#replicaOf(document);
		const map = replica.doc.getMap(rootOf(kind));
		const touched = new Set<string>();
		const observe = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
			for (const event of events) {
				if (event.target === map) for (const key of event.keys.keys()) touched.add(key);
				else if (typeof event.path[0] === 'string') touched.add(event.path[0]);
			}
		};
		map.observeDeep(observe);
		try {
			Y.applyUpdate(replica.doc, update);
		} catch (error) {
			replica.drop();
			throw error;
		} finally {
			map.unobserveDeep(observe);
		}
		const { pendingStructs, pendingDs } = replica.doc.store;
		const violation =
			pendingStructs || pendingDs
				? 'incomplete update'
				: documentViolation(replica.doc, kind, touched);
		if (violation) {
			replica.drop();
			throw refused(violation);
		}
		replica.used();
	}

	/**
	 * The replica of a live document, made when an update first needs it and kept in step with
	 * the document (a second application of every update) until {@link REPLICA_IDLE_UPDATES}
	 * updates in a row have not needed it: concurrent edits of one field, say, need it for a
	 * while, and a copy costs as much as ~1,000 applications.
	 */
	#replicaOf(document: Y.Doc): Replica {
		let replica = this.#replicas.get(document);
		if (!replica) {
			replica = new Replica(document, () => this.#replicas.delete(document));
			this.#replicas.set(document, replica);
		}
		return replica;
	}
}

/** Updates in a row that a replica may go unused before it is dropped (see Guard#replicaOf). */
export const REPLICA_IDLE_UPDATES = 1000;

class Replica {
	readonly doc: Y.Doc;
	#idle = 0;
	readonly #document: Y.Doc;
	readonly #forget: () => void;
	// What the live document gets (the update just checked, the server's own writes) reaches the
	// replica too; what it already has is skipped by Yjs.
	readonly #follow = (update: Uint8Array) => Y.applyUpdate(this.doc, update);
	readonly #destroy = () => this.drop();

	constructor(document: Y.Doc, forget: () => void) {
		this.doc = copyOf(document);
		this.#document = document;
		this.#forget = forget;
		document.on('update', this.#follow);
		document.on('destroy', this.#destroy);
	}

	used(): void {
		this.#idle = 0;
	}

	idle(): void {
		if (++this.#idle >= REPLICA_IDLE_UPDATES) this.drop();
	}

	drop(): void {
		this.#document.off('update', this.#follow);
		this.#document.off('destroy', this.#destroy);
		this.doc.destroy();
		this.#forget();
	}
}

function copyOf(document: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(document));
	return copy;
}

function refused(why: string): UpdateRefused {
	return new UpdateRefused(`Update refused: ${why}`);
}
