import * as Y from 'yjs';
import type { FieldTable } from '../domain/fields.ts';
import { isId, newId } from '../domain/ids.ts';
import { isTimestamp, type Validation } from '../domain/validation.ts';
import { DocCommandError } from './errors.ts';
import { actorError, commandOrigin, type Actor } from './origins.ts';

/**
 * Helpers shared by the task and request modules; internal to the layer. A root map holds
 * entity id → `Y.Map` of the entity's fields.
 */
type EntryRoot = Y.Map<Y.Map<unknown>>;

/** Options of a command. `id` and `now` exist for the server, imports and deterministic tests. */
export interface CommandOptions {
	id?: string;
	/** ISO 8601 date-time; defaults to the current time. */
	now?: string;
}

/** The entry stored under `id` when it is a `Y.Map`; anything else written there is ignored. */
export function entryAt(root: EntryRoot, id: string): Y.Map<unknown> | null {
	const entry: unknown = root.get(id);
	return entry instanceof Y.Map ? (entry as Y.Map<unknown>) : null;
}

/**
 * The read of one entry of a kind whose fields are `fields`: `parse` (the domain's, derived from
 * the same table) applied to its JSON, once its list fields are known to be real `Y.Array`s (a
 * plain array would read the same but could not be appended to) and provided it is filed under
 * its own id. `null` for anything else, which reads then skip.
 */
export function entryParser<T extends { id: string }>(
	fields: FieldTable,
	parse: (value: unknown) => T | null
): (entry: Y.Map<unknown>, id: string) => T | null {
	const lists = Object.keys(fields).filter((key) => fields[key]!.kind === 'list');
	return (entry, id) => {
		if (lists.some((key) => !(entry.get(key) instanceof Y.Array))) return null;
		const value = parse(entry.toJSON());
		return value && value.id === id ? value : null;
	};
}

/**
 * Every entry that parses, sorted by creation then id so that all replicas list them in the
 * same order. `parse` returns `null` for a malformed entry, which is then skipped.
 */
export function readEntries<T extends { id: string; createdAt: string }>(
	root: EntryRoot,
	parse: (entry: Y.Map<unknown>, id: string) => T | null
): T[] {
	const items: T[] = [];
	for (const [id, entry] of root.entries()) {
		if (!(entry instanceof Y.Map)) continue;
		const item = parse(entry as Y.Map<unknown>, id);
		if (item) items.push(item);
	}
	return items.sort(byCreation);
}

function byCreation(a: { id: string; createdAt: string }, b: { id: string; createdAt: string }) {
	if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The validated value, or a thrown {@link DocCommandError} carrying the field messages. */
export function unwrap<T>(validation: Validation<T>): T {
	if (!validation.ok) throw new DocCommandError(validation.errors);
	return validation.value;
}

/** Throws unless `actor` is a well-formed user, whose id is written into the document. */
export function requireActor(actor: Actor): void {
	const error = actorError(actor);
	if (error) throw new DocCommandError({ actor: error });
}

/** Throws unless `id` is a well-formed id; commands refuse malformed ids before reading. */
export function requireId(id: unknown): asserts id is string {
	if (!isId(id)) throw new DocCommandError({ id: 'Identifiant invalide.' });
}

/** The command's timestamp: `now` when given (and valid), else the current time. */
export function resolveNow(now: string | undefined): string {
	if (now === undefined) return new Date().toISOString();
	if (!isTimestamp(now)) throw new DocCommandError({ now: 'Date invalide.' });
	return now;
}

/** A new entity id, or the given one if free: an existing entry is never overwritten. */
export function resolveNewId(root: EntryRoot, id: string | undefined): string {
	if (id === undefined) return newId();
	requireId(id);
	if (root.has(id)) throw new DocCommandError({ id: 'Cet identifiant existe déjà.' }, 'conflict');
	return id;
}

/**
 * Writes the fields of `changes` that differ from the stored ones, plus `updatedAt` if any did.
 * Writing unchanged fields would make them win over a colleague's concurrent edit for nothing.
 * Must run inside a transaction. Returns whether anything was written.
 */
export function writeChanges(entry: Y.Map<unknown>, changes: object, now: string): boolean {
	let changed = false;
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined || entry.get(key) === value) continue;
		if (value === null && entry.get(key) === undefined) continue;
		entry.set(key, value);
		changed = true;
	}
	if (changed) entry.set('updatedAt', now);
	return changed;
}

/**
 * Calls `callback` after each transaction that touched entries of `root`, with the ids of the
 * entries added, changed (at any depth) or deleted. Returns the unsubscribe function.
 */
export function observeEntries(
	root: EntryRoot,
	callback: (changedIds: Set<string>) => void
): () => void {
	const handler = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
		const ids = new Set<string>();
		for (const event of events) {
			if (event.target === root) for (const key of event.keys.keys()) ids.add(key);
			else if (typeof event.path[0] === 'string') ids.add(event.path[0]);
		}
		if (ids.size > 0) callback(ids);
	};
	root.observeDeep(handler);
	return () => root.unobserveDeep(handler);
}

/**
 * Runs `write` on the valid entry `id` of `root` in one transaction with origin `command`, and
 * returns the entry's new snapshot. Throws `not_found` (writing nothing) when the entry is
 * absent or malformed: a command never repairs or resurrects an entry.
 */
export function changeEntry<T>(
	doc: Y.Doc,
	root: EntryRoot,
	target: { id: string; parse: (entry: Y.Map<unknown>, id: string) => T | null; gone: string },
	actor: Actor,
	command: string,
	write: (entry: Y.Map<unknown>) => void
): T {
	const { id, parse, gone } = target;
	requireId(id);
	requireActor(actor);
	const entry = entryAt(root, id);
	if (!entry || !parse(entry, id)) throw new DocCommandError({ id: gone }, 'not_found');
	doc.transact(() => write(entry), commandOrigin(command, actor));
	const snapshot = parse(entry, id);
	if (!snapshot) throw new DocCommandError({ id: gone }, 'not_found');
	return snapshot;
}

/** Deletes the entry `id` of `root` with origin `command`; `false` when it was already gone. */
export function deleteEntry(
	doc: Y.Doc,
	root: EntryRoot,
	id: string,
	actor: Actor,
	command: string
): boolean {
	requireId(id);
	requireActor(actor);
	if (!root.has(id)) return false;
	doc.transact(() => root.delete(id), commandOrigin(command, actor));
	return true;
}
