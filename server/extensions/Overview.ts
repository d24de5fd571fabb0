import type {
	afterLoadDocumentPayload,
	DirectConnection,
	Extension,
	Hocuspocus,
	onChangePayload,
	onConfigurePayload
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { syncClientSummaries } from '../../src/lib/doc/overview.ts';
import { readRequests } from '../../src/lib/doc/requests.ts';
import { overviewDocName, parseDocName, requestsDocName } from '../../src/lib/domain/doc-names.ts';
import type { InfoRequest } from '../../src/lib/domain/request.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';

/** Who writes the overview: the server, not a user. */
const SERVER = { id: 'navette-server', name: 'Navette' };
/** Bursts of edits to one client's requests make one overview write. */
const COALESCE_MS = 30;

/**
 * Keeps each firm's overview (`firm/<firmId>/overview`) equal to what its clients' requests
 * documents say, so that the « Tâches » view reads one document instead of hundreds.
 *
 * - A change to a requests document is mirrored into the overview within tens of milliseconds.
 * - A requests document that loads is reconciled (a crash may have struck between its append
 *   and the overview's).
 * - An overview that loads is reconciled with every client of the firm, read from the store.
 * Once loaded, an overview stays loaded (held by a direct connection) for the process's life.
 */
export class Overview implements Extension {
	readonly extensionName = 'Overview';
	readonly #store: Store;
	#instance: Hocuspocus | null = null;
	readonly #overviews = new Map<string, Promise<DirectConnection>>();
	readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

	constructor(store: Store) {
		this.#store = store;
	}

	async onConfigure({ instance }: onConfigurePayload): Promise<void> {
		this.#instance = instance;
	}

	async onChange({ documentName, document }: onChangePayload): Promise<void> {
		const ref = parseDocName(documentName);
		if (ref?.kind !== 'requests') return;
		clearTimeout(this.#timers.get(documentName));
		const timer = setTimeout(() => {
			this.#timers.delete(documentName);
			this.#mirror(ref.firmId, ref.clientId, readRequests(document)).catch((error) =>
				console.error(`Overview: cannot mirror ${documentName}`, error)
			);
		}, COALESCE_MS);
		this.#timers.set(documentName, timer);
	}

	async afterLoadDocument({ documentName, document }: afterLoadDocumentPayload): Promise<void> {
		const ref = parseDocName(documentName);
		if (ref?.kind === 'requests') {
			await this.#mirror(ref.firmId, ref.clientId, readRequests(document));
		} else if (ref?.kind === 'overview') {
			await this.#reconcileFirm(ref.firmId, document);
		}
	}

	async onDestroy(): Promise<void> {
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
	}

	async #mirror(firmId: string, clientId: string, requests: InfoRequest[]): Promise<void> {
		const overview = await this.#overviewOf(firmId);
		await overview.transact((doc) => syncClientSummaries(doc, clientId, requests, SERVER));
	}

	/** The firm's overview, loaded once and kept loaded. */
	#overviewOf(firmId: string): Promise<DirectConnection> {
		let opening = this.#overviews.get(firmId);
		if (!opening) {
			if (!this.#instance) throw new Error('Overview used before Hocuspocus was configured');
			opening = this.#instance.openDirectConnection(overviewDocName(firmId), { server: true });
			opening.catch(() => this.#overviews.delete(firmId));
			this.#overviews.set(firmId, opening);
		}
		return opening;
	}

	async #reconcileFirm(firmId: string, overview: Y.Doc): Promise<void> {
		for (const client of await this.#store.listClients(firmId)) {
			const requests = await this.#requestsOf(firmId, client.id);
			syncClientSummaries(overview, client.id, requests, SERVER);
		}
	}

	/** A client's requests: from the live document when loaded, else from the store. */
	async #requestsOf(firmId: string, clientId: string): Promise<InfoRequest[]> {
		const name = requestsDocName(firmId, clientId);
		const live = this.#instance?.documents.get(name);
		if (live) return readRequests(live);
		const stored = await this.#store.loadDocument(name);
		if (!stored) return [];
		const scratch = new Y.Doc();
		scratch.transact(() => {
			if (stored.snapshot) Y.applyUpdate(scratch, stored.snapshot);
			for (const update of stored.updates) Y.applyUpdate(scratch, update);
		});
		const requests = readRequests(scratch);
		scratch.destroy();
		return requests;
	}
}
