import { createSubscriber } from 'svelte/reactivity';
import { requestsDocName } from '../domain/doc-names.ts';
import type { InfoRequest } from '../domain/request.ts';
import { observeRequests, readRequests } from '../doc/requests.ts';
import { DocumentSync } from '../sync/DocumentSync.svelte.ts';

/** One client's requests, live: what the portal lists, and what the firm sent that client. */
export class RequestsBoard {
	readonly sync: DocumentSync;
	readonly #subscribe: () => void;

	constructor(firmId: string, clientId: string) {
		this.sync = new DocumentSync(requestsDocName(firmId, clientId));
		this.#subscribe = createSubscriber((update) => observeRequests(this.sync.doc, () => update()));
	}

	get requests(): InfoRequest[] {
		this.#subscribe();
		return readRequests(this.sync.doc);
	}

	destroy(): void {
		this.sync.destroy();
	}
}
