import type {
	connectedPayload,
	DirectConnection,
	Extension,
	Hocuspocus,
	onConfigurePayload,
	onDisconnectPayload
} from '@hocuspocus/server';
import { parseDocName } from '../../src/lib/domain/doc-names.ts';

/** The context of this extension's direct connections. */
const WARM_CONTEXT = { warm: true } as const;

interface Held {
	connection: Promise<DirectConnection>;
	idle: ReturnType<typeof setTimeout> | null;
}

/**
 * Keeps each firm's tasks document and overview loaded for `idleMs` after the last browser
 * leaves, so that a reload or a colleague arriving minutes later does not pay for loading it
 * again. For a firm of 5,000 tasks and 25,000 requests that is 0.3 s of decoding for the tasks
 * and, for the overview, its reconciliation with every client (seconds of work, see
 * `Overview.ts`), each time the last tab closed and one opened. Requests documents are small and
 * per client: they unload as Hocuspocus does by default.
 *
 * The hold is a direct connection: while it lasts, the document is compacted as an open one (at
 * 200 log entries); released, it is compacted and unloaded as usual.
 */
export class WarmDocuments implements Extension {
	readonly extensionName = 'WarmDocuments';
	readonly #idleMs: number;
	readonly #held = new Map<string, Held>();
	#instance: Hocuspocus | null = null;
	#closed = false;

	constructor(options: { idleMs?: number } = {}) {
		this.#idleMs = options.idleMs ?? 10 * 60_000;
	}

	async onConfigure({ instance }: onConfigurePayload): Promise<void> {
		this.#instance = instance;
	}

	/** A browser is on the document: hold it, and stop counting idle time. */
	async connected({ documentName }: connectedPayload): Promise<void> {
		if (this.#closed || !keepsWarm(documentName) || !this.#instance) return;
		let held = this.#held.get(documentName);
		if (!held) {
			const connection = this.#instance.openDirectConnection(documentName, WARM_CONTEXT);
			held = { connection, idle: null };
			this.#held.set(documentName, held);
			connection.catch(() => {
				if (this.#held.get(documentName) === held) this.#held.delete(documentName);
			});
		}
		if (held.idle) clearTimeout(held.idle);
		held.idle = null;
	}

	/** A browser left: release after `idleMs` unless one is back by then. */
	async onDisconnect({ documentName }: onDisconnectPayload): Promise<void> {
		const held = this.#held.get(documentName);
		if (held && !this.#closed) this.#arm(documentName, held);
	}

	/** Releases every hold and waits for the documents to be stored. Call before the store closes. */
	async close(): Promise<void> {
		this.#closed = true;
		const releases = [...this.#held.keys()].map((name) => this.#release(name));
		await Promise.allSettled(releases);
	}

	#arm(name: string, held: Held): void {
		if (held.idle) clearTimeout(held.idle);
		held.idle = setTimeout(() => {
			const browsers = this.#instance?.documents.get(name)?.connections.size ?? 0;
			if (browsers > 0) this.#arm(name, held);
			else void this.#release(name);
		}, this.#idleMs);
		held.idle.unref();
	}

	async #release(name: string): Promise<void> {
		const held = this.#held.get(name);
		if (!held) return;
		if (held.idle) clearTimeout(held.idle);
		this.#held.delete(name);
		try {
			await (await held.connection).disconnect();
		} catch (error) {
			console.error(`WarmDocuments: cannot release ${name}`, error);
		}
	}
}

function keepsWarm(documentName: string): boolean {
	const kind = parseDocName(documentName)?.kind;
	return kind === 'tasks' || kind === 'overview';
}
