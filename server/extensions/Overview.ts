import type {
	afterLoadDocumentPayload,
	DirectConnection,
	Extension,
	Hocuspocus,
	onChangePayload,
	onConfigurePayload
} from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Actor } from '../../src/lib/doc/origins.ts';
import { pruneSummaries, syncSummaries } from '../../src/lib/doc/overview.ts';
import { readRequests } from '../../src/lib/doc/requests.ts';
import { overviewDocName, parseDocName, requestsDocName } from '../../src/lib/domain/doc-names.ts';
import type { InfoRequest } from '../../src/lib/domain/request.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';

/** Who writes the overview: the server, not a user. */
const SERVER: Actor = { id: 'navette-server', name: 'Navette' };
/** The context of the server's direct connections (hooks see it as `context`). */
const DIRECT_CONTEXT = { overview: true } as const;

export interface OverviewOptions {
	/** A burst of changes to one requests document becomes one overview write after this. */
	coalesceMs?: number;
	/** A firm's overview is held open this long after its last write, then released. */
	idleMs?: number;
	/** Stored clients read between two yields to the event loop while reconciling a firm. */
	reconcileBatch?: number;
}

/** A firm's coalesced mirror, not yet run. */
interface Pending {
	timer: ReturnType<typeof setTimeout>;
	run: () => void;
	clients: Map<string, Y.Doc>;
}

/** One overview held open by the server: who uses it, and when it will be released. */
interface Held {
	connection: Promise<DirectConnection>;
	users: number;
	idle: ReturnType<typeof setTimeout> | null;
}

/**
 * Keeps each firm's overview (`firm/<firmId>/overview`) equal to what its clients' requests
 * documents say, so that the « Tâches » view reads one document instead of hundreds.
 *
 * - A change to a loaded requests document (any origin) is mirrored into the overview at most
 *   `coalesceMs` later (a fixed window: a steady stream of edits cannot postpone it), reading
 *   the live document at write time. The window is the firm's: every client changed in it is
 *   written in one overview transaction, so one update to store and to send each staff browser
 *   however many clients answer at once.
 * - A requests document that loads is mirrored too: a crash may have struck between its append
 *   and the overview's.
 * - An overview that loads is reconciled with every client of the firm, read from the store (or
 *   from the live document when one is loaded) without loading them into Hocuspocus. This runs
 *   in the background, so the overview's first sync does not wait for it; mirrors of that firm
 *   wait for it, so it can never overwrite a newer mirror.
 * - All writes go through a direct connection, held while writes come and released `idleMs`
 *   after the last one, so that an overview nobody reads can unload. Their updates reach the
 *   store through `Persistence.onChange`.
 */
export class Overview implements Extension {
	readonly extensionName = 'Overview';
	readonly #store: Store;
	readonly #coalesceMs: number;
	readonly #idleMs: number;
	readonly #batch: number;
	#instance: Hocuspocus | null = null;
	#closed = false;
	/** By firm id. */
	readonly #held = new Map<string, Held>();
	/** By firm id: a released connection still disconnecting; the next open waits for it. */
	readonly #releasing = new Map<string, Promise<void>>();
	/** By firm id: the reconciliation in progress, which that firm's mirrors wait for. */
	readonly #reconciling = new Map<string, Promise<void>>();
	/** By firm id: the pending coalesced mirror, and the clients it writes (id → document). */
	readonly #pending = new Map<string, Pending>();
	/** Mirrors and releases in flight, awaited by `close`. */
	readonly #work = new Set<Promise<unknown>>();

	constructor(store: Store, options: OverviewOptions = {}) {
		this.#store = store;
		this.#coalesceMs = options.coalesceMs ?? 50;
		this.#idleMs = options.idleMs ?? 5 * 60_000;
		this.#batch = options.reconcileBatch ?? 10;
	}

	async onConfigure({ instance }: onConfigurePayload): Promise<void> {
		this.#instance = instance;
	}

	async onChange({ documentName, document }: onChangePayload): Promise<void> {
		const ref = parseDocName(documentName);
		if (ref?.kind !== 'requests' || this.#closed) return;
		const { firmId, clientId } = ref;
		const pending = this.#pending.get(firmId);
		if (pending) {
			pending.clients.set(clientId, document);
			return;
		}
		const clients = new Map([[clientId, document]]);
		const run = () => {
			this.#pending.delete(firmId);
			this.#track(this.#mirror(firmId, clients));
		};
		this.#pending.set(firmId, { timer: setTimeout(run, this.#coalesceMs), run, clients });
	}

	/**
	 * Both in the background: a client must not wait for, nor fail because of, its firm's
	 * overview; staff get the stored overview at once and the repairs as they are written.
	 */
	async afterLoadDocument({ documentName, document }: afterLoadDocumentPayload): Promise<void> {
		const ref = parseDocName(documentName);
		if (this.#closed) return;
		if (ref?.kind === 'requests') {
			this.#track(this.#mirror(ref.firmId, new Map([[ref.clientId, document]])));
		} else if (ref?.kind === 'overview') {
			// Registered before Hocuspocus hands the document to anyone, so every mirror sees it.
			const { firmId } = ref;
			const reconciling = this.#reconcileFirm(firmId);
			const gate: Promise<void> = reconciling
				.catch(() => {})
				.then(() => {
					if (this.#reconciling.get(firmId) === gate) this.#reconciling.delete(firmId);
				});
			this.#reconciling.set(firmId, gate);
			this.#track(reconciling);
		}
	}

	/**
	 * Stops accepting work, writes the pending mirrors of overviews still held (the others are
	 * reconciled at their next load), waits for everything in flight, then releases every held
	 * overview (which compacts it). Call before the store closes.
	 */
	async close(): Promise<void> {
		this.#closed = true;
		for (const { timer, run } of this.#pending.values()) {
			clearTimeout(timer);
			run();
		}
		await this.settled();
		for (const [firmId, held] of this.#held) this.#release(firmId, held);
		await Promise.allSettled([...this.#releasing.values()]);
	}

	/** Resolves once every mirror and reconciliation started so far is written (tests, benches). */
	async settled(): Promise<void> {
		while (this.#work.size > 0) await Promise.allSettled([...this.#work]);
	}

	async onDestroy(): Promise<void> {
		await this.close();
	}

	#track(work: Promise<unknown>): void {
		const tracked = work.catch((error) => console.error('Overview:', error));
		this.#work.add(tracked);
		void tracked.finally(() => this.#work.delete(tracked));
	}

	/**
	 * Writes the summaries of `clients` (id → the document that changed) in one transaction,
	 * each read from its live document now (not when scheduled).
	 */
	async #mirror(firmId: string, clients: ReadonlyMap<string, Y.Doc>): Promise<void> {
		const overview = await this.#acquire(firmId);
		if (!overview) return;
		try {
			await this.#reconciling.get(firmId);
			const requests = new Map<string, InfoRequest[]>();
			for (const [clientId, document] of clients) {
				// The document may have unloaded and loaded again since: read the current one.
				const live = this.#instance?.documents.get(requestsDocName(firmId, clientId)) ?? document;
				requests.set(clientId, readRequests(live));
			}
			await overview.transact((doc) => syncSummaries(doc, requests, SERVER));
		} finally {
			this.#done(firmId);
		}
	}

	/** The firm's overview, opened (loaded) if needed and held until `#done`; null once closed. */
	async #acquire(firmId: string): Promise<DirectConnection | null> {
		await this.#releasing.get(firmId);
		let held = this.#held.get(firmId);
		if (!held) {
			if (this.#closed) return null;
			if (!this.#instance) throw new Error('Overview used before Hocuspocus was configured');
			const connection = this.#instance.openDirectConnection(
				overviewDocName(firmId),
				DIRECT_CONTEXT
			);
			held = { connection, users: 0, idle: null };
			this.#held.set(firmId, held);
		}
		held.users++;
		if (held.idle) clearTimeout(held.idle);
		held.idle = null;
		try {
			return await held.connection;
		} catch (error) {
			if (this.#held.get(firmId) === held) this.#held.delete(firmId);
			throw error;
		}
	}

	#done(firmId: string): void {
		const held = this.#held.get(firmId);
		if (!held || --held.users > 0 || this.#closed) return;
		held.idle = setTimeout(() => this.#release(firmId, held), this.#idleMs);
		held.idle.unref();
	}

	/** Disconnects: Hocuspocus compacts the overview and unloads it if no browser has it open. */
	#release(firmId: string, held: Held): void {
		if (this.#held.get(firmId) !== held || (held.users > 0 && !this.#closed)) return;
		if (held.idle) clearTimeout(held.idle);
		this.#held.delete(firmId);
		const releasing = held.connection
			.then((connection) => connection.disconnect())
			.catch((error) => console.error(`Overview: cannot release ${firmId}`, error))
			.finally(() => {
				if (this.#releasing.get(firmId) === releasing) this.#releasing.delete(firmId);
			});
		this.#releasing.set(firmId, releasing);
	}

	/**
	 * Every client of the firm, read from the store in batches with a yield to the event loop
	 * between them (the SQLite store reads synchronously: a large firm must not stall the other
	 * documents), each batch written in one transaction (bounded in size), then the entries of
	 * clients that no longer exist removed. Holds the overview (it waits for the load to end)
	 * so that it cannot unload midway.
	 */
	async #reconcileFirm(firmId: string): Promise<void> {
		const overview = await this.#acquire(firmId);
		if (!overview) return;
		try {
			const clients = await this.#store.listClients(firmId);
			for (let start = 0; start < clients.length; start += this.#batch) {
				if (start > 0) await yieldToEventLoop();
				const batch = new Map<string, InfoRequest[]>();
				for (const client of clients.slice(start, start + this.#batch)) {
					const requests = await this.#requestsOf(firmId, client.id);
					if (requests) batch.set(client.id, requests);
				}
				await overview.transact((doc) => syncSummaries(doc, batch, SERVER));
			}
			const ids = new Set(clients.map((client) => client.id));
			await overview.transact((doc) => pruneSummaries(doc, ids, SERVER));
		} finally {
			this.#done(firmId);
		}
	}

	/**
	 * A client's requests: from the live document when loaded, else from the store; `null` when
	 * the stored document cannot be read, so that the client's entries are left as they are rather
	 * than deleted on the strength of a failed read.
	 */
	async #requestsOf(firmId: string, clientId: string): Promise<InfoRequest[] | null> {
		const name = requestsDocName(firmId, clientId);
		const live = this.#instance?.documents.get(name);
		if (live) return readRequests(live);
		const scratch = new Y.Doc();
		try {
			const stored = await this.#store.loadDocument(name);
			if (!stored) return [];
			scratch.transact(() => {
				if (stored.snapshot) Y.applyUpdate(scratch, stored.snapshot);
				for (const update of stored.updates) applyReadable(scratch, update);
			});
			return readRequests(scratch);
		} catch (error) {
			console.error(`Overview: cannot read ${name}; its summaries are left as they are`, error);
			return null;
		} finally {
			scratch.destroy();
		}
	}
}

/** Like Persistence's load: one unreadable log entry must not hide the whole document. */
function applyReadable(doc: Y.Doc, update: Uint8Array): void {
	try {
		Y.applyUpdate(doc, update);
	} catch {
		// Persistence logs it when the document itself loads.
	}
}

function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}
