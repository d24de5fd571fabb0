import { observeActivity } from '../doc/activity.ts';
import type { FeedEntry, FeedScope } from '../domain/activity.ts';
import { activityDocName } from '../domain/doc-names.ts';
import type { CollabSession } from '../sync/CollabSession.svelte.ts';

/** A burst of announcements (a client answering several requests at once) makes one fetch. */
const REFETCH_MS = 50;

/**
 * A staff member's « Nouveautés », live: the unread count the navigation shows, and the list the
 * page shows while it is open. The firm's activity document (read-only, written by the server)
 * says that something happened; the list, the read states and the count come from
 * `/api/activity`, which alone knows the read marks and who is assigned what.
 */
export class ActivityFeed {
	/** Unread news on the user's own tasks (the navigation's count). */
	unread = $state(0);
	scope: FeedScope = $state('mine');
	entries: FeedEntry[] = $state.raw([]);
	/** Unread news in the page's scope (differs from `unread` for « Tout le cabinet »). */
	scopeUnread = $state(0);
	loaded = $state(false);
	failed = $state(false);
	#pages = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	readonly #cleanups: (() => void)[] = [];

	constructor(session: CollabSession, firmId: string) {
		const opened = session.open(activityDocName(firmId));
		this.#cleanups.push(
			opened.release,
			observeActivity(opened.sync.doc, () => this.#announced())
		);
		void this.#refresh();
	}

	/** The page showing the list calls this while it is mounted; returns its release. */
	show(): () => void {
		this.#pages++;
		void this.#refresh();
		let shown = true;
		return () => {
			if (shown) this.#pages--;
			shown = false;
		};
	}

	setScope(scope: FeedScope): void {
		this.scope = scope;
		this.loaded = false;
		void this.#refresh();
	}

	markRead(ids: string[]): Promise<void> {
		const marked = new Set(ids);
		this.entries = this.entries.map((entry) =>
			marked.has(entry.event.id) ? { ...entry, read: true } : entry
		);
		return this.#post({ ids, scope: this.scope });
	}

	markAllRead(): Promise<void> {
		this.entries = this.entries.map((entry) => ({ ...entry, read: true }));
		return this.#post({ all: true, scope: this.scope });
	}

	destroy(): void {
		clearTimeout(this.#timer);
		for (const cleanup of this.#cleanups.splice(0)) cleanup();
	}

	#announced(): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#refresh(), REFETCH_MS);
	}

	async #post(body: Record<string, unknown>): Promise<void> {
		const response = await fetch('/api/activity/read', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		if (response.ok) await this.#refresh();
	}

	async #refresh(): Promise<void> {
		try {
			const count = await getJson<{ unread: number }>('/api/activity?count');
			this.unread = count.unread;
			if (this.#pages === 0) return;
			const scope = this.scope;
			const feed = await getJson<{ entries: FeedEntry[]; unread: number }>(
				`/api/activity?scope=${scope}`
			);
			if (scope !== this.scope) return;
			this.entries = feed.entries;
			this.scopeUnread = feed.unread;
			this.loaded = true;
			this.failed = false;
		} catch {
			this.failed = true;
		}
	}
}

async function getJson<T>(url: string): Promise<T> {
	const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
	if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
	return (await response.json()) as T;
}
