import * as Y from 'yjs';
import { fieldOf, type FieldTable } from '../domain/fields.ts';
import {
	documentViolation,
	entryViolation,
	fieldsOf,
	fieldStates,
	rootOf,
	type FieldState,
	type WritableKind
} from './write-rules.ts';

/**
 * What an incoming update would do to the entries of a document's root map, read from the
 * decoded update and the live document without applying anything (the staff Guard's fast path,
 * issue 16). Yjs decides where an item lands from its origins and the document's store; this
 * module only concludes when that outcome is certain from what it can see:
 *
 * - a value set on a field of an existing entry, whose origin is that field's current item (or
 *   which is the field's first item): it becomes the field's value;
 * - a new entry (a `Y.Map` set on a key of the root) with its fields and empty or filled
 *   `Y.Array` lists, all in the update;
 * - items appended to an entry's list (position does not matter to the rules);
 * - deletions of entries, of fields' current values, of list items.
 *
 * Anything else — another root, `meta`, nested types, a reference into the update by another
 * client or to a later clock, structs the document lacks or already has, a client's structs in
 * two blocks (Yjs's reader keeps the last), a deletion of the update's own items, two writes of
 * one key, content other than plain values, a document with pending structs — is `unsure`:
 * the caller applies the update to a copy instead. The result is the fields of each touched
 * entry as they would be after the update (`null`: the entry ends deleted), for the write rules;
 * untouched entries are not read. It does not rely on the live document being valid: every
 * touched entry is read whole.
 */
export type UpdateEffect =
	{ entries: Map<string, Map<string, FieldState> | null> } | { unsure: string };

/** A decoded update, as `Y.decodeUpdate` returns it. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

type Struct = DecodedUpdate['structs'][number];
/** A Yjs shared type, as the document's store holds it. */
type Type = Y.Doc['share'] extends Map<string, infer T> ? T : never;

/** Where an item goes: a live type, or a type created by an item of the update. */
interface Place {
	parent: Type | Y.Item;
	sub: string | null;
}

class Unsure extends Error {}

const unsure = (why: string): never => {
	throw new Unsure(why);
};

/** The live item or GC holding `id`, or `undefined` when the document does not have it. */
function liveStruct(store: Y.Doc['store'], id: Y.ID): Y.Item | Y.GC | undefined {
	if (id.clock >= Y.getState(store, id.client)) return undefined;
	const structs = store.clients.get(id.client)!;
	return structs[Y.findIndexSS(structs, id.clock)] as Y.Item | Y.GC;
}

/** The entry a live type is, or belongs to as one of its lists, below `root`. */
function entryOf(
	type: Type,
	root: Type
): { id: string; map: Y.Map<unknown>; list: string | null } | null {
	const item = type._item;
	if (!item) return null;
	if (type instanceof Y.Map && item.parent === root && typeof item.parentSub === 'string') {
		return { id: item.parentSub, map: type, list: null };
	}
	const parent = item.parent;
	if (
		type instanceof Y.Array &&
		parent instanceof Y.Map &&
		typeof item.parentSub === 'string' &&
		parent._item?.parent === root &&
		typeof parent._item.parentSub === 'string'
	) {
		return { id: parent._item.parentSub, map: parent, list: item.parentSub };
	}
	return null;
}

/** The items of a live list that remain once the update's deletions are applied. */
function itemsLeft(list: Type, deletes: (id: Y.ID) => boolean | undefined): unknown[] {
	const items: unknown[] = [];
	for (let item = list._start; item !== null; item = item.right) {
		if (item.deleted || !item.countable) continue;
		const content = item.content.getContent();
		for (let i = 0; i < item.length; i++) {
			if (!deletes(Y.createID(item.id.client, item.id.clock + i))) items.push(content[i]);
		}
	}
	return items;
}

/** The single plain value of a map item, or unsure. */
function plainValue(item: Y.Item): unknown {
	if (!(item.content instanceof Y.ContentAny) || item.length !== 1) unsure('not a plain value');
	return (item.content as Y.ContentAny).arr[0];
}

/** Plain items of a list, or unsure. */
function plainItems(item: Y.Item): unknown[] {
	if (!(item.content instanceof Y.ContentAny)) unsure('list item not a plain value');
	return (item.content as Y.ContentAny).arr;
}

/**
 * The staff Guard's decision from {@link updateEffect}: the update certainly keeps the document
 * valid (`ok`), certainly breaks a rule (`violation`, as `documentViolation` would name it on the
 * entry), or `unsure`: apply it to a copy to know.
 */
export type FastVerdict = { ok: true } | { violation: string } | { unsure: string };

export function fastVerdict(doc: Y.Doc, kind: WritableKind, update: DecodedUpdate): FastVerdict {
	const effect = updateEffect(doc, rootOf(kind), fieldsOf(kind), update);
	if ('unsure' in effect) return effect;
	// Such an update writes no root and no `meta`: they pass as they stand, or the copy decides.
	if (documentViolation(doc, kind, [])) return { unsure: 'document invalid as it stands' };
	for (const [id, fields] of effect.entries) {
		const violation = fields && entryViolation(kind, id, fields);
		if (violation) return { violation };
	}
	return { ok: true };
}

export function updateEffect(
	doc: Y.Doc,
	rootName: string,
	table: FieldTable,
	{ structs, ds }: DecodedUpdate
): UpdateEffect {
	try {
		return readEffect(doc, rootName, table, structs, ds);
	} catch (error) {
		if (error instanceof Unsure) return { unsure: error.message };
		// A struct Yjs cannot place either (the application will say so on the copy).
		return { unsure: `unreadable: ${String(error)}` };
	}
}

function readEffect(
	doc: Y.Doc,
	rootName: string,
	table: FieldTable,
	structs: Struct[],
	ds: DecodedUpdate['ds']
): UpdateEffect {
	const store = doc.store;
	// Structs waiting in the document could integrate with this update's (none should wait:
	// the Guard refuses incomplete updates).
	if (store.pendingStructs || store.pendingDs) unsure('document has pending structs');
	const root = doc.share.get(rootName) ?? unsure('no root');

	// The update's structs by client: each client's must follow on from what the document has,
	// without gap or overlap (else Yjs would keep them pending, or skip a part).
	const own = new Map<number, Struct[]>();
	let previous: number | null = null;
	for (const struct of structs) {
		if (struct instanceof Y.Skip) unsure('skip');
		const { client, clock } = struct.id;
		const list = own.get(client);
		// A client's structs come in one block: Yjs's reader keeps only a client's last block.
		if (list && client !== previous) unsure('a client in two blocks');
		previous = client;
		const last = list?.[list.length - 1];
		const next = last ? last.id.clock + last.length : Y.getState(store, client);
		if (clock !== next) unsure('structs not contiguous with the document');
		if (list) list.push(struct);
		else own.set(client, [struct]);
	}
	/** The update's struct holding `id`, referenced by `from`: same client, earlier clock only. */
	const ownStruct = (id: Y.ID, from: Y.Item): Struct => {
		if (id.client !== from.id.client || id.clock >= from.id.clock) unsure('forward reference');
		const list = own.get(id.client) ?? unsure('missing reference');
		// Contiguous from the document's state up to `from`, which comes later: `id` is there.
		return list![Y.findIndexSS(list as (Y.Item | Y.GC)[], id.clock)]!;
	};

	const places = new Map<Y.Item, Place>();
	/** Where Yjs will integrate `item` (getMissing's rules: left origin, right origin, parent). */
	const placeOf = (item: Y.Item): Place => {
		const known = places.get(item);
		if (known) return known;
		const from = (id: Y.ID | null): Place | null => {
			if (!id) return null;
			const live = liveStruct(store, id);
			if (live) {
				if (!(live instanceof Y.Item) || !(live.parent instanceof Y.AbstractType)) {
					return unsure('reference to a collected struct');
				}
				return { parent: live.parent, sub: live.parentSub };
			}
			const mine = ownStruct(id, item);
			if (!(mine instanceof Y.Item)) return unsure('reference to a collected struct');
			return placeOf(mine);
		};
		const left = from(item.origin);
		const right = from(item.rightOrigin);
		let place: Place;
		if (left && right) {
			if (left.parent !== right.parent || left.sub !== right.sub) unsure('origins disagree');
			place = left;
		} else if (left || right) {
			place = (left ?? right)!;
		} else if (typeof item.parent === 'string') {
			if (item.parent !== rootName) unsure(`write to root "${item.parent}"`);
			place = { parent: root, sub: item.parentSub };
		} else if (item.parent instanceof Y.ID) {
			const live = liveStruct(store, item.parent);
			const parent = live ?? ownStruct(item.parent, item);
			if (!(parent instanceof Y.Item) || !(parent.content instanceof Y.ContentType)) {
				return unsure('parent is not a type');
			}
			place = {
				parent: live ? (parent.content as Y.ContentType).type : parent,
				sub: item.parentSub
			};
		} else {
			return unsure('no parent');
		}
		places.set(item, place);
		return place;
	};

	/** The current item of a live map's key, which the item must follow to become its value. */
	const mustBecomeValue = (item: Y.Item, map: Type, key: string) => {
		const current = map._map.get(key);
		if (item.rightOrigin) unsure('map item with a right origin');
		if (!item.origin) {
			if (current) unsure('first item of a key that has items');
			return;
		}
		const left = liveStruct(store, item.origin);
		if (
			!current ||
			left !== current ||
			current.right !== null ||
			item.origin.clock !== current.id.clock + current.length - 1
		) {
			unsure('not after the current value');
		}
	};

	/** Per touched live entry: values set, keys deleted, items appended to lists. */
	const touched = new Map<
		string,
		{
			map: Y.Map<unknown>;
			set: Map<string, unknown>;
			deleted: Set<string>;
			appended: Map<string, unknown[]>;
			/** Lists some of whose items the update deletes. */
			trimmed: Map<string, Type>;
		}
	>();
	const touch = (id: string, map: Y.Map<unknown>) => {
		let entry = touched.get(id);
		if (!entry) {
			entry = { map, set: new Map(), deleted: new Set(), appended: new Map(), trimmed: new Map() };
			touched.set(id, entry);
		}
		return entry;
	};
	/** New entries (by key) and their fields, and the lists created in them. */
	const created = new Map<string, { item: Y.Item; fields: Map<string, FieldState> }>();
	const createdOf = new Map<Y.Item, string>();
	const newLists = new Map<Y.Item, unknown[]>();
	const deletedEntries = new Set<string>();

	for (const struct of structs) {
		if (!(struct instanceof Y.Item)) continue; // a GC struct changes no type
		const { parent, sub } = placeOf(struct);
		if (parent === root) {
			if (sub === null) unsure('list item in the root map');
			mustBecomeValue(struct, root, sub!);
			const content = struct.content;
			if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.Map)) {
				unsure('entry not a map');
			}
			if (created.has(sub!)) unsure('entry written twice');
			created.set(sub!, { item: struct, fields: new Map() });
			createdOf.set(struct, sub!);
		} else if (parent instanceof Y.AbstractType) {
			const entry = entryOf(parent, root) ?? unsure('write outside the entries');
			// A type already deleted takes nothing: Yjs deletes what is integrated into it.
			if (parent._item!.deleted) continue;
			const changes = touch(entry!.id, entry!.map);
			if (entry!.list === null) {
				if (sub === null) unsure('list item in an entry');
				mustBecomeValue(struct, parent, sub!);
				if (changes.set.has(sub!)) unsure('field written twice');
				changes.set.set(sub!, plainValue(struct));
			} else {
				if (sub !== null) unsure('map item in a list');
				const items = changes.appended.get(entry!.list) ?? [];
				items.push(...plainItems(struct));
				changes.appended.set(entry!.list, items);
			}
		} else {
			// Inside a type this update creates: a new entry's field, or a new list's item.
			const key = createdOf.get(parent);
			const list = newLists.get(parent);
			if (key !== undefined) {
				if (sub === null) unsure('list item in an entry');
				if (struct.origin || struct.rightOrigin) unsure('field of a new entry after another');
				const fields = created.get(key)!.fields;
				if (fields.has(sub!)) unsure('field written twice');
				if (struct.content instanceof Y.ContentType) {
					if (!(struct.content.type instanceof Y.Array) || fieldOf(table, sub!)?.kind !== 'list') {
						unsure('nested type');
					}
					const items: unknown[] = [];
					newLists.set(struct, items);
					fields.set(sub!, { list: items });
				} else {
					fields.set(sub!, { value: plainValue(struct) });
				}
			} else if (list) {
				if (sub !== null) unsure('map item in a list');
				list.push(...plainItems(struct));
			} else {
				unsure('inside a nested type');
			}
		}
	}

	// Deletions: only of what the document has (the update's own items, or ids it lacks, would
	// be deleted later or kept pending by Yjs).
	for (const [client, ranges] of ds.clients) {
		const state = Y.getState(store, client);
		const structsOf = store.clients.get(client);
		for (const { clock, len } of ranges) {
			if (len === 0) continue;
			if (clock + len > state || !structsOf) unsure('deletion of what the document lacks');
			for (let i = Y.findIndexSS(structsOf!, clock); i < structsOf!.length; i++) {
				const struct = structsOf![i]!;
				if (struct.id.clock >= clock + len) break;
				if (!(struct instanceof Y.Item) || struct.deleted) continue;
				const parent = struct.parent;
				if (parent === root) {
					if (typeof struct.parentSub !== 'string') unsure('list item in the root map');
					deletedEntries.add(struct.parentSub!);
					continue;
				}
				const entry =
					parent instanceof Y.AbstractType ? entryOf(parent, root) : unsure('no parent');
				if (!entry) unsure('deletion outside the entries');
				if (parent instanceof Y.AbstractType && parent._item!.deleted) continue;
				const changes = touch(entry!.id, entry!.map);
				if (entry!.list !== null) {
					changes.trimmed.set(entry!.list, parent as Type);
					continue;
				}
				if (struct.parentSub === null) unsure('list item in an entry');
				// A deleted current value: the field goes, unless the update sets it again
				// (its new item follows this one, so it becomes the value).
				changes.deleted.add(struct.parentSub!);
			}
		}
	}

	const entries = new Map<string, Map<string, FieldState> | null>();
	const deletes = (id: Y.ID) =>
		ds.clients
			.get(id.client)
			?.some(({ clock, len }) => id.clock >= clock && id.clock < clock + len);
	for (const [id, { set, deleted, appended, trimmed, map }] of touched) {
		if (deletedEntries.has(id) || created.has(id)) continue;
		const fields = fieldStates(map);
		for (const [key, list] of trimmed) fields.set(key, { list: itemsLeft(list, deletes) });
		for (const key of deleted) fields.delete(key);
		for (const [key, value] of set) fields.set(key, { value });
		for (const [key, items] of appended) {
			if (deleted.has(key)) continue; // appended to a list the update removes
			const state = fields.get(key);
			if (!state || !('list' in state)) unsure('list not the field value');
			fields.set(key, { list: [...(state as { list: unknown[] }).list, ...items] });
		}
		entries.set(id, fields);
	}
	for (const id of deletedEntries) if (!created.has(id)) entries.set(id, null);
	for (const [id, { fields }] of created) entries.set(id, fields);
	return { entries };
}
