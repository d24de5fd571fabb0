import {
	isTransactionOrigin,
	type afterLoadDocumentPayload,
	type connectedPayload,
	type DirectConnection,
	type Document,
	type Extension,
	type Hocuspocus,
	type onConfigurePayload
} from '@hocuspocus/server';
import type * as Y from 'yjs';
import {
	observeRequestChanges,
	publishActivity,
	requestRecord,
	requestRecords
} from '../../src/lib/doc/activity.ts';
import {
	isClientNews,
	isMergeableEdit,
	mergeEdits,
	requestChanges,
	SYSTEM_ACTOR,
	type EventActor,
	type NewRequestEvent,
	type RequestChange,
	type RequestEvent,
	type RequestRecord
} from '../../src/lib/domain/activity.ts';
import { activityDocName, parseDocName } from '../../src/lib/domain/doc-names.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';
import type { ConnectionContext } from './context.ts';

/** The context of the server's connections to the activity documents. */
const DIRECT_CONTEXT = { activity: true } as const;

export interface ActivityOptions {
	/** A firm's activity document is held open this long after its last announcement. */
	idleMs?: number;
	/** One author's edits of one request with pauses shorter than this are one `edited` event. */
	editQuietMs?: number;
	/** …and so are those of at most this long a stretch (a longer one is several events). */
	editMaxMs?: number;
}

interface Held {
	connection: Promise<DirectConnection>;
	users: number;
	idle: ReturnType<typeof setTimeout> | null;
}

type RequestsRef = { kind: 'requests'; firmId: string; clientId: string };

/** A change found in one transaction, with the request it belongs to. */
interface Found {
	requestId: string;
	taskId: string | null;
	change: RequestChange;
}

/** Who made a change: `null` for the server's own (its author is then asked of the entry). */
type Source = EventActor | null;

/** An `edited` change held back, to merge the same author's next edits of the request into. */
interface HeldEdit {
	ref: RequestsRef;
	source: Source;
	found: Found;
	first: number;
	last: number;
	timer?: ReturnType<typeof setTimeout>;
}

/**
 * Records what happens to requests (`request_events`), for the timelines and « Nouveautés »,
 * and announces clients' news to the firm's staff browsers through `firm/<firmId>/activity`.
 *
 * Only the server knows who made a change: each loaded requests document is observed, and each
 * transaction that touched requests is diffed, for the requests it touched only, against the
 * copy kept of them (`requestChanges`). The author is the authenticated user of the connection
 * the update came from (its context, set by `Auth`); for the server's own changes (a deposit over
 * HTTP, a job), the user an appended item names (a comment's author, a document's uploader), or
 * Navette. What another instance relays (origin `redis`) was recorded there. The diff runs
 * synchronously after the update is applied (a few `toJSON` of touched entries); storing and
 * announcing run in the background, after the update was stored and relayed.
 *
 * Edits come a keystroke at a time: one author's edits of one request are held back and merged
 * (`mergeEdits`) until a pause of `editQuietMs` (or `editMaxMs` after the first), so the timeline
 * says « titre modifié » once, not once per letter, and the store writes one event, not one per
 * update. Any other change to that request (a review decision included), or an edit by someone
 * else, records the held edit first, so a request's timeline keeps its order. The document itself
 * is stored as usual: what a crash can lose is the timeline line of the last pause's edits, never
 * the edit.
 *
 * A client user's connection to its requests document records `opened` for each request it
 * had not seen, and so does a request transmitted while it is connected.
 */
export class Activity implements Extension {
	readonly extensionName = 'Activity';
	readonly #store: Store;
	readonly #idleMs: number;
	readonly #editQuietMs: number;
	readonly #editMaxMs: number;
	#instance: Hocuspocus | null = null;
	#closed = false;
	readonly #held = new Map<string, Held>();
	/** By requests document name, then request id. */
	readonly #edits = new Map<string, Map<string, HeldEdit>>();
	readonly #work = new Set<Promise<unknown>>();

	constructor(store: Store, options: ActivityOptions = {}) {
		this.#store = store;
		this.#idleMs = options.idleMs ?? 60_000;
		this.#editQuietMs = options.editQuietMs ?? 2_000;
		this.#editMaxMs = options.editMaxMs ?? 30_000;
	}

	async onConfigure({ instance }: onConfigurePayload): Promise<void> {
		this.#instance = instance;
	}

	async afterLoadDocument({ documentName, document }: afterLoadDocumentPayload): Promise<void> {
		const ref = parseDocName(documentName);
		if (ref?.kind === 'requests') this.#watch(documentName, ref, document);
	}

	async connected({ context, documentName, connection }: connectedPayload): Promise<void> {
		const ref = parseDocName(documentName);
		const { user } = context as ConnectionContext;
		if (ref?.kind !== 'requests' || user?.role !== 'client' || this.#closed) return;
		const ids = [...requestRecords(connection.document).values()].map(requestInfo);
		this.#track(this.#recordOpened(ref, user, ids));
	}

	/**
	 * Records events that no document change shows (a reminder sent: `kind: 'reminded'`), and
	 * announces those that are clients' news. Resolves with the events stored.
	 */
	async record(events: NewRequestEvent[]): Promise<RequestEvent[]> {
		const stored = await this.#store.appendRequestEvents(events);
		const news = stored.filter(isClientNews);
		const byFirm = Map.groupBy(news, (event) => event.firmId);
		await Promise.all([...byFirm].map(([firmId, batch]) => this.#announce(firmId, batch)));
		return stored;
	}

	/**
	 * Resolves once everything observed so far is stored and announced (tests, shutdown), held
	 * edits included.
	 */
	async settled(): Promise<void> {
		for (const name of [...this.#edits.keys()]) this.#releaseEdits(name);
		while (this.#work.size > 0) await Promise.allSettled([...this.#work]);
	}

	/** Stops observing new work, finishes what is in flight and releases the activity documents. */
	async close(): Promise<void> {
		this.#closed = true;
		await this.settled();
		for (const [firmId, held] of this.#held) this.#release(firmId, held);
		await this.settled();
	}

	async onDestroy(): Promise<void> {
		await this.close();
	}

	#track(work: Promise<unknown>): void {
		const tracked = work.catch((error) => console.error('Activity:', error));
		this.#work.add(tracked);
		void tracked.finally(() => this.#work.delete(tracked));
	}

	#watch(name: string, ref: RequestsRef, document: Document): void {
		const records = requestRecords(document);
		const unobserve = observeRequestChanges(document, (ids, origin) => {
			const source = sourceOf(origin);
			const found: Found[] = [];
			for (const id of ids) {
				const before = records.get(id) ?? null;
				const after = requestRecord(document, id);
				if (after) records.set(id, after);
				else records.delete(id);
				const either = after ?? before;
				if (source === 'relayed' || !either) continue;
				const { taskId } = requestInfo(either);
				for (const change of requestChanges(before, after)) {
					found.push({ requestId: id, taskId, change });
				}
			}
			if (found.length === 0 || this.#closed || source === 'relayed') return;
			const now = this.#collect(name, ref, source, found);
			if (now.length > 0) this.#track(this.#recordChanges(ref, now));
			const transmitted = found.filter(({ change }) => change.kind === 'transmitted');
			if (transmitted.length > 0) this.#openedByConnected(ref, document, transmitted);
		});
		document.on('destroy', () => {
			unobserve();
			this.#releaseEdits(name);
		});
	}

	/**
	 * What to record now of one transaction's changes, in order: an edit is merged into the held
	 * edit of its request, or held itself; anything else first takes the held edit out with it.
	 */
	#collect(name: string, ref: RequestsRef, source: Source, found: Found[]) {
		const now: { source: Source; found: Found }[] = [];
		let edits = this.#edits.get(name);
		for (const item of found) {
			const held = edits?.get(item.requestId);
			const mergeable = isMergeableEdit(item.change);
			if (mergeable && held && held.source?.id === source?.id) {
				const merged = mergeEdits(held.found.change, item.change);
				if (merged) {
					held.found = { ...item, change: merged };
					held.last = performance.now();
				} else this.#dropEdit(name, held);
				continue;
			}
			if (held) {
				this.#dropEdit(name, held);
				now.push(held);
			}
			if (!mergeable) {
				now.push({ source, found: item });
				continue;
			}
			if (!edits) this.#edits.set(name, (edits = new Map()));
			const at = performance.now();
			const edit: HeldEdit = { ref, source, found: item, first: at, last: at };
			edit.timer = this.#armEdit(name, edit, this.#editQuietMs);
			edits.set(item.requestId, edit);
		}
		return now;
	}

	/** Records `edit` once its author paused (or its stretch ran long), unless it went already. */
	#armEdit(name: string, edit: HeldEdit, delay: number): ReturnType<typeof setTimeout> {
		const timer = setTimeout(() => {
			if (this.#edits.get(name)?.get(edit.found.requestId) !== edit) return;
			const at = performance.now();
			const wait = Math.min(edit.last + this.#editQuietMs - at, edit.first + this.#editMaxMs - at);
			if (wait > 0) {
				edit.timer = this.#armEdit(name, edit, wait);
				return;
			}
			this.#dropEdit(name, edit);
			this.#track(this.#recordChanges(edit.ref, [edit]));
		}, delay);
		timer.unref();
		return timer;
	}

	#dropEdit(name: string, edit: HeldEdit): void {
		clearTimeout(edit.timer);
		const edits = this.#edits.get(name);
		edits?.delete(edit.found.requestId);
		if (edits?.size === 0) this.#edits.delete(name);
	}

	/** Records every edit held for document `name` now. */
	#releaseEdits(name: string): void {
		const edits = [...(this.#edits.get(name)?.values() ?? [])];
		for (const edit of edits) this.#dropEdit(name, edit);
		if (edits.length > 0) this.#track(this.#recordChanges(edits[0]!.ref, edits));
	}

	async #recordChanges(ref: RequestsRef, changes: { source: Source; found: Found }[]) {
		const events: NewRequestEvent[] = [];
		for (const { source, found } of changes) {
			const { requestId, taskId, change } = found;
			events.push({
				firmId: ref.firmId,
				clientId: ref.clientId,
				requestId,
				taskId,
				actor: source ?? (await this.#authorOf(ref.firmId, change)),
				kind: change.kind,
				detail: change.detail
			});
		}
		await this.record(events);
	}

	/** The user an item names, if it is one of the firm's; else Navette itself. */
	async #authorOf(firmId: string, change: RequestChange): Promise<EventActor> {
		if (!change.authorId) return SYSTEM_ACTOR;
		const user = await this.#store.getUser(change.authorId);
		if (!user || user.firmId !== firmId) return SYSTEM_ACTOR;
		return { id: user.id, name: user.name, role: user.role };
	}

	/** A request transmitted while client users have the document open: they see it now. */
	#openedByConnected(ref: RequestsRef, document: Document, transmitted: Found[]): void {
		const requests = transmitted.map(({ requestId, taskId }) => ({ id: requestId, taskId }));
		for (const connection of document.getConnections()) {
			const { user } = connection.context as Partial<ConnectionContext>;
			if (user?.role !== 'client') continue;
			this.#track(this.#recordOpened(ref, user, requests));
		}
	}

	async #recordOpened(
		ref: RequestsRef,
		user: ConnectionContext['user'],
		requests: { id: string; taskId: string | null }[]
	): Promise<void> {
		if (requests.length === 0) return;
		const seen = await this.#store.listRequestEvents(
			{ firmId: ref.firmId, clientId: ref.clientId, actorId: user.id, kinds: ['opened'] },
			10_000
		);
		const known = new Set(seen.map((event) => event.requestId));
		const actor: EventActor = { id: user.id, name: user.name, role: user.role };
		// Recorded straight in the store: a first view is timeline history, not news.
		await this.#store.appendRequestEvents(
			requests
				.filter(({ id }) => !known.has(id))
				.map(({ id, taskId }) => ({
					firmId: ref.firmId,
					clientId: ref.clientId,
					requestId: id,
					taskId,
					actor,
					kind: 'opened',
					detail: {}
				}))
		);
	}

	/** Writes the batch into the firm's activity document, which staff browsers observe. */
	async #announce(firmId: string, events: RequestEvent[]): Promise<void> {
		if (events.length === 0 || !this.#instance) return;
		const held = this.#acquire(firmId);
		try {
			const connection = await held.connection;
			const newest = events.reduce((a, b) => (a.seq > b.seq ? a : b));
			await connection.transact((doc: Y.Doc) =>
				publishActivity(doc, {
					seq: newest.seq,
					at: newest.at,
					events: events.map(({ id, clientId, requestId, taskId, kind }) => ({
						id,
						clientId,
						requestId,
						taskId,
						kind
					}))
				})
			);
		} finally {
			this.#done(firmId, held);
		}
	}

	#acquire(firmId: string): Held {
		let held = this.#held.get(firmId);
		if (!held) {
			const connection = this.#instance!.openDirectConnection(
				activityDocName(firmId),
				DIRECT_CONTEXT
			);
			held = { connection, users: 0, idle: null };
			this.#held.set(firmId, held);
			connection.catch(() => {
				if (this.#held.get(firmId) === held) this.#held.delete(firmId);
			});
		}
		held.users++;
		if (held.idle) clearTimeout(held.idle);
		held.idle = null;
		return held;
	}

	#done(firmId: string, held: Held): void {
		if (--held.users > 0) return;
		if (this.#closed) return this.#release(firmId, held);
		held.idle = setTimeout(() => this.#release(firmId, held), this.#idleMs);
		held.idle.unref();
	}

	#release(firmId: string, held: Held): void {
		if (this.#held.get(firmId) !== held || held.users > 0) return;
		if (held.idle) clearTimeout(held.idle);
		this.#held.delete(firmId);
		this.#track(held.connection.then((connection) => connection.disconnect()));
	}
}

/**
 * Who made a transaction: the authenticated user of the connection it came from, `null` for the
 * server's own changes (the caller then asks the entry), `relayed` for what another instance
 * sent through Redis (recorded there).
 */
function sourceOf(origin: unknown): Source | 'relayed' {
	if (!isTransactionOrigin(origin)) return null;
	if (origin.source === 'redis') return 'relayed';
	if (origin.source !== 'connection') return null;
	const { user } = origin.connection.context as Partial<ConnectionContext>;
	return user ? { id: user.id, name: user.name, role: user.role } : null;
}

function requestInfo(record: RequestRecord): { id: string; taskId: string | null } {
	return {
		id: String(record.id),
		taskId: typeof record.taskId === 'string' ? record.taskId : null
	};
}
