import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { RequestSummary } from '../domain/overview.ts';
import type { Task } from '../domain/task.ts';
import { foldText, tokenize } from './normalize.ts';

/** What the firm's search knows of a task: its own words and those of its requests. */
export interface TaskSearchDoc {
	id: string;
	title: string;
	client: string;
	assignee: string;
	category: string;
	period: string;
	/** The titles of the task's requests. */
	requests: string;
	/** The descriptions and comments of the task's requests. */
	text: string;
}

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

/**
 * Accent- and case-insensitive, prefix and typo tolerant (DESIGN §5): « previsionel » finds
 * « Prévisionnel ». Every word of the query must match (AND), the title counting most.
 */
const SEARCH: SearchOptions = {
	// Only the word being typed is a prefix, and not before its second letter: a one-letter prefix
	// matches half the vocabulary and costs more than a keystroke's budget on 5,000 tasks.
	prefix: (term, index, terms) => index === terms.length - 1 && term.length > 1,
	fuzzy: (term) => (term.length > 3 ? 0.2 : false),
	combineWith: 'AND',
	boost: { title: 3, client: 2, requests: 1.5 }
};

function indexOptions<T>(fields: (keyof T & string)[]): Options<T> {
	return { fields, storeFields: [], tokenize, processTerm: foldText, searchOptions: SEARCH };
}

/**
 * A MiniSearch index kept in step with documents by the caller, one entry at a time (`upsert`,
 * `discard`): it is updated from Yjs events and never rebuilt per keystroke.
 */
class IncrementalIndex<T extends { id: string }> {
	readonly #index: MiniSearch<T>;

	constructor(fields: (keyof T & string)[]) {
		this.#index = new MiniSearch<T>(indexOptions<T>(fields));
	}

	get size(): number {
		return this.#index.documentCount;
	}

	has(id: string): boolean {
		return this.#index.has(id);
	}

	/** Adds the document, or replaces the version indexed under its id. */
	upsert(doc: T): void {
		if (this.#index.has(doc.id)) this.#index.replace(doc);
		else this.#index.add(doc);
	}

	upsertAll(docs: T[]): void {
		const fresh = docs.filter((doc) => !this.#index.has(doc.id));
		for (const doc of docs) if (this.#index.has(doc.id)) this.#index.replace(doc);
		this.#index.addAll(fresh);
	}

	discard(id: string): void {
		if (this.#index.has(id)) this.#index.discard(id);
	}

	/** Ids matching every word of `query`; null for a blank query, meaning « no text filter ». */
	search(query: string): Set<string> | null {
		if (tokenize(query).length === 0) return null;
		return new Set(this.#index.search(query).map((result) => String(result.id)));
	}
}

export class TaskSearchIndex extends IncrementalIndex<TaskSearchDoc> {
	constructor() {
		super(['title', 'client', 'assignee', 'category', 'period', 'requests', 'text']);
	}
}

/** What the client portal searches: its requests' titles, descriptions and comments. */
export interface RequestSearchDoc {
	id: string;
	title: string;
	text: string;
}

export class RequestSearchIndex extends IncrementalIndex<RequestSearchDoc> {
	constructor() {
		super(['title', 'text']);
	}
}
