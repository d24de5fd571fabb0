import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { RequestSummary } from '../domain/overview.ts';
import type { Task } from '../domain/task.ts';
import { processTerm, searchTerms, tokenize } from './normalize.ts';

/**
 * What the firm's search knows of a task: its own words, its client's and collaborator's names, and
 * the words of its requests, so that a comment left by a client finds the task it belongs to.
 */
export interface TaskSearchDoc {
	id: string;
	title: string;
	client: string;
	assignee: string;
	category: string;
	period: string;
	/** The titles of the task's requests, joined. */
	requests: string;
	/** The descriptions and comments of the task's requests (`RequestSummary.text`), joined. */
	text: string;
}

/** What the client portal searches: a request's title, and its description and comments. */
export interface RequestSearchDoc {
	id: string;
	title: string;
	/** Description and comment bodies, joined. */
	text: string;
}

/**
 * The search entry of `task`. Pure, so that the caller can rebuild the entry of exactly the tasks a
 * Yjs event touched (the task itself, or one of its requests in the overview).
 */
export function toTaskSearchDoc(
	task: Task,
	context: { clientName: string; assigneeName: string; requests: RequestSummary[] }
): TaskSearchDoc {
	return {
		id: task.id,
		title: task.title,
		client: context.clientName,
		assignee: context.assigneeName,
		category: task.category ?? '',
		period: task.period ?? '',
		requests: context.requests.map((r) => r.title).join('\n'),
		text: context.requests.map((r) => r.text).join('\n')
	};
}

/** Query words shorter than this are matched exactly or as prefixes, never with typos. */
const FUZZY_MIN_LENGTH = 5;
const DIGIT = /\d/;

/**
 * The typos forgiven in a query word: 20 % of its length (MiniSearch's rounding, at most 6), none
 * under {@link FUZZY_MIN_LENGTH} letters nor in a word with a digit.
 */
function maxEdits(term: string): number {
	if (term.length < FUZZY_MIN_LENGTH || DIGIT.test(term)) return 0;
	return Math.min(6, Math.round(term.length * 0.2));
}

/**
 * How every index searches (DESIGN §5): accent- and case-insensitive through {@link processTerm},
 * every word a prefix (« prévi » finds « Prévisionnel »), every word required (AND), and typos
 * forgiven at 20 % of the word's length (« previsionel »). Typos are only forgiven from
 * {@link FUZZY_MIN_LENGTH} letters on and never in numbers: one edit in « tva » or « 2019 » would
 * also find « iva », « tv » and « 2018 ». Boosts order results when a caller ranks them.
 */
export const SEARCH_OPTIONS: SearchOptions = {
	prefix: true,
	fuzzy: (term) => maxEdits(term) || false,
	combineWith: 'AND',
	boost: { title: 3, client: 2, requests: 1.5, name: 2 }
};

function indexOptions<T>(fields: (keyof T & string)[]): Options<T> {
	return { fields, storeFields: [], tokenize, processTerm, searchOptions: SEARCH_OPTIONS };
}

/** MiniSearch options of the firm's task index; also what a worker would need to load it. */
export const taskIndexOptions: Options<TaskSearchDoc> = indexOptions<TaskSearchDoc>([
	'title',
	'client',
	'assignee',
	'category',
	'period',
	'requests',
	'text'
]);

/** MiniSearch options of a client's request index, in the portal. */
export const requestIndexOptions: Options<RequestSearchDoc> = indexOptions<RequestSearchDoc>([
	'title',
	'text'
]);

/**
 * MiniSearch, asked only which entries match a word. Its `search` scores every match (BM25, a
 * result object per entry and field, then a sort by score): for a two-letter prefix matching
 * thousands of tasks, most of a keystroke's search time, spent on an order no view uses (the
 * lists keep their own). This walks the same term tree, with the same prefix and typo rules,
 * and collects ids.
 */
class MatchingIndex<T> extends MiniSearch<T> {
	/**
	 * The ids of the entries with a word equal to `term`, starting with it, or within
	 * {@link maxEdits} typos of it — what `search(term)` finds with {@link SEARCH_OPTIONS}.
	 */
	idsMatching(term: string): Set<string> {
		const ids = new Set<string>();
		const collect = (fields: Map<number, Map<number, number>>) => {
			for (const entries of fields.values()) {
				for (const shortId of entries.keys()) {
					// Discarded entries keep their words until MiniSearch vacuums: not theirs to match.
					const id: unknown = this._documentIds.get(shortId);
					if (typeof id === 'string') ids.add(id);
				}
			}
		};
		for (const [, fields] of this._index.atPrefix(term)) collect(fields);
		const edits = maxEdits(term);
		if (edits > 0) {
			for (const [fields] of this._index.fuzzyGet(term, edits).values()) collect(fields);
		}
		return ids;
	}
}

/**
 * A MiniSearch index kept in step with its documents by the caller, entry by entry (`upsert`,
 * `discard`) from Yjs events: never rebuilt per keystroke. Discarded entries are cleaned up by
 * MiniSearch's automatic vacuuming, in the background.
 */
class IncrementalIndex<T extends { id: string }> {
	readonly #index: MatchingIndex<T>;
	/**
	 * The ids each query word matched, since the last change to the index. Typing adds a letter
	 * to the last word only: the words before it are answered from here, and so is a word typed
	 * again after a backspace.
	 */
	readonly #matches = new Map<string, Set<string>>();

	constructor(options: Options<T>) {
		this.#index = new MatchingIndex<T>(options);
	}

	/** How many entries are indexed. */
	get size(): number {
		return this.#index.documentCount;
	}

	/** Whether an entry is indexed under `id`. */
	has(id: string): boolean {
		return this.#index.has(id);
	}

	/** Adds `doc`, or replaces the version indexed under its id: its old words stop matching. */
	upsert(doc: T): void {
		this.#matches.clear();
		if (this.#index.has(doc.id)) this.#index.replace(doc);
		else this.#index.add(doc);
	}

	/**
	 * {@link upsert} for many entries at once, the fast path of the initial build: entries already
	 * indexed are discarded together (one vacuum at most), then all are added. When `docs` holds an
	 * id twice the last version wins.
	 */
	upsertAll(docs: readonly T[]): void {
		if (docs.length === 0) return;
		this.#matches.clear();
		const latest = new Map(docs.map((doc) => [doc.id, doc]));
		this.#index.discardAll([...latest.keys()].filter((id) => this.#index.has(id)));
		this.#index.addAll([...latest.values()]);
	}

	/** Forgets the entry indexed under `id`, if any. */
	discard(id: string): void {
		if (!this.#index.has(id)) return;
		this.#matches.clear();
		this.#index.discard(id);
	}

	/**
	 * The ids of the entries matching every word of `query`, or `null` when the query has no word
	 * to look up (blank, punctuation, a lone character): the caller then applies no text filter, so
	 * the first keystroke never empties the list. Each word is looked up alone (MiniSearch's AND is
	 * the intersection of the words' matches), the rarest first.
	 */
	search(query: string): Set<string> | null {
		const terms = [...new Set(searchTerms(query))];
		if (terms.length === 0) return null;
		const [rarest, ...others] = terms.map((term) => this.#matchesOf(term)).sort(bySize);
		const found = new Set<string>();
		for (const id of rarest!) if (others.every((ids) => ids.has(id))) found.add(id);
		return found;
	}

	#matchesOf(term: string): Set<string> {
		let ids = this.#matches.get(term);
		if (!ids) {
			ids = this.#index.idsMatching(term);
			if (this.#matches.size >= MAX_CACHED_TERMS) {
				this.#matches.delete(this.#matches.keys().next().value!);
			}
			this.#matches.set(term, ids);
		}
		return ids;
	}
}

/** Enough for the words of the queries being typed and retyped; each holds at most every id. */
const MAX_CACHED_TERMS = 64;

const bySize = (a: Set<string>, b: Set<string>) => a.size - b.size;

/** The search of the firm's « Tâches » view: one entry per task, see {@link TaskSearchDoc}. */
export class TaskSearchIndex extends IncrementalIndex<TaskSearchDoc> {
	constructor() {
		super(taskIndexOptions);
	}
}

/** The search of a client's requests in the portal: one entry per request. */
export class RequestSearchIndex extends IncrementalIndex<RequestSearchDoc> {
	constructor() {
		super(requestIndexOptions);
	}
}

/** What the GED's search knows of a file: its name and the folder it is filed in. */
export interface FileSearchDoc {
	id: string;
	name: string;
	folder: string;
}

export const fileIndexOptions: Options<FileSearchDoc> = indexOptions<FileSearchDoc>([
	'name',
	'folder'
]);

/** The search of the firm's GED, by file name (and folder). */
export class FileSearchIndex extends IncrementalIndex<FileSearchDoc> {
	constructor() {
		super(fileIndexOptions);
	}
}
