import { observeRequests, readRequest } from '../doc/requests.ts';
import {
	byClientPriority,
	matchesRequestFilters,
	NO_REQUEST_FILTER,
	type RequestFilters
} from '../domain/request-filters.ts';
import { groupRequests, type PortalTask, type RequestGroup } from '../domain/portal-groups.ts';
import type { InfoRequest } from '../domain/request.ts';
import { RequestSearchIndex } from '../search/task-index.ts';
import type { CollabSession } from '../sync/CollabSession.svelte.ts';
import { ClientRequests } from './ClientRequests.svelte.ts';
import { localToday } from './directory.ts';

/**
 * The client's portal: its requests, what is left to do first, with filters and a search over
 * titles, descriptions and comments kept in step with the document, one request at a time.
 */
export class ClientPortal {
	readonly requests: ClientRequests;
	filters: RequestFilters = $state(NO_REQUEST_FILTER);
	readonly today = localToday();
	#version = $state(0);
	readonly #byId = new Map<string, InfoRequest>();
	readonly #index = new RequestSearchIndex();
	readonly #stop: () => void;

	constructor(
		session: CollabSession,
		user: { id: string; name: string; firmId: string; clientId: string }
	) {
		this.requests = new ClientRequests(session, user.firmId, user.clientId, user);
		const doc = this.requests.sync.doc;
		this.#stop = observeRequests(doc, (ids) => {
			for (const id of ids) {
				const request = readRequest(doc, id);
				if (request) {
					this.#byId.set(id, request);
					this.#index.upsert({
						id,
						title: request.title,
						text: [request.description, ...request.comments.map((c) => c.body)].join('\n')
					});
				} else {
					this.#byId.delete(id);
					this.#index.discard(id);
				}
			}
			this.#version++;
		});
	}

	/** The requests to show, in the order a client works through them. */
	readonly visible: InfoRequest[] = $derived.by(() => {
		void this.#version;
		const found = this.#index.search(this.filters.q);
		return [...this.#byId.values()]
			.filter(
				(r) => (!found || found.has(r.id)) && matchesRequestFilters(r, this.filters, this.today)
			)
			.sort(byClientPriority);
	});

	/**
	 * {@link visible} under its tasks' titles (`tasks`, from the page's data), in the order of
	 * {@link groupRequests}; a request of a task missing there still shows, under « Autres demandes ».
	 */
	groups(tasks: readonly PortalTask[]): RequestGroup[] {
		const shown = new Set(this.visible.map((r) => r.id));
		return groupRequests([...this.#byId.values()], tasks, (r) => shown.has(r.id));
	}

	get total(): number {
		void this.#version;
		return this.#byId.size;
	}

	destroy(): void {
		this.#stop();
		this.requests.destroy();
	}
}
