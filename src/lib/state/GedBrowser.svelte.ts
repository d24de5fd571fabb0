import { kindGroupOf, type KindGroup } from '../domain/file-types.ts';
import {
	buildGedTree,
	folderOf,
	isWithin,
	type GedEntry,
	type GedFolder
} from '../domain/ged-tree.ts';
import { FileSearchIndex } from '../search/task-index.ts';

/**
 * The firm's GED as one page browses it: a folder tree (client / year / category / period), the
 * files of the chosen folder, a search by name and filters by client and type. The entries come
 * from the server's load; a new load (after a move, or a deposit) replaces them.
 */
export class GedBrowser {
	folder = $state('');
	query = $state('');
	clientId = $state('');
	group = $state<KindGroup | ''>('');
	/** The file shown in the preview, if any. */
	previewId = $state<string | null>(null);
	#entries = $state.raw<GedEntry[]>([]);
	readonly #index = new FileSearchIndex();

	constructor(entries: GedEntry[]) {
		this.load(entries);
	}

	load(entries: GedEntry[]): void {
		const ids = new Set(entries.map((entry) => entry.id));
		for (const old of this.#entries) if (!ids.has(old.id)) this.#index.discard(old.id);
		this.#index.upsertAll(
			entries.map(({ id, name, gedPath }) => ({ id, name, folder: folderOf(gedPath) }))
		);
		this.#entries = entries;
	}

	/** Files that pass the client and type filters: the tree counts these. */
	readonly #filtered: GedEntry[] = $derived(
		this.#entries.filter(
			(entry) =>
				(!this.clientId || entry.clientId === this.clientId) &&
				(!this.group || kindGroupOf(entry.mime) === this.group)
		)
	);

	readonly tree: GedFolder = $derived(buildGedTree(this.#filtered.map((entry) => entry.gedPath)));

	/** The files to list: in the chosen folder or below, matching the search, by path. */
	readonly visible: GedEntry[] = $derived.by(() => {
		const found = this.#index.search(this.query);
		return this.#filtered
			.filter((entry) => isWithin(entry.gedPath, this.folder) && (!found || found.has(entry.id)))
			.sort((a, b) => a.gedPath.localeCompare(b.gedPath, 'fr'));
	});

	get preview(): GedEntry | null {
		return this.#entries.find((entry) => entry.id === this.previewId) ?? null;
	}

	get total(): number {
		return this.#entries.length;
	}
}
