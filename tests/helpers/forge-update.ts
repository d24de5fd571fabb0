import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * Hand-made Yjs updates (V1), for tests of the Guard: what a tampered browser could send with
 * any origin, parent, key, content or deletion, including what Yjs itself never writes.
 */
export interface ForgedItem {
	client: number;
	clock: number;
	origin?: Y.ID | null;
	rightOrigin?: Y.ID | null;
	/** A root name or the id of the item holding the parent type; only written with no origin. */
	parent?: string | Y.ID | null;
	parentSub?: string | null;
	content: ForgedContent;
}

export type ForgedContent =
	| Y.ContentAny
	| Y.ContentType
	| Y.ContentDeleted
	| Y.ContentString
	| Y.ContentJSON
	| Y.ContentBinary;

/** A deletion: `len` clocks of `client` from `clock`. */
export type ForgedDeletion = [client: number, clock: number, len: number];

export function forgeUpdate(items: ForgedItem[], deletions: ForgedDeletion[] = []): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	// One block per run of items of one client, in the order given: a client may come twice.
	const blocks: [number, ForgedItem[]][] = [];
	for (const item of items) {
		const last = blocks[blocks.length - 1];
		if (last && last[0] === item.client) last[1].push(item);
		else blocks.push([item.client, [item]]);
	}
	encoding.writeVarUint(encoder.restEncoder, blocks.length);
	for (const [client, list] of blocks) {
		encoding.writeVarUint(encoder.restEncoder, list.length);
		encoder.writeClient(client);
		encoding.writeVarUint(encoder.restEncoder, list[0]!.clock);
		for (const forged of list) {
			const item = new Y.Item(
				Y.createID(client, forged.clock),
				null,
				forged.origin ?? null,
				null,
				forged.rightOrigin ?? null,
				// Item.write accepts a root name or an id here (the differential updates' case).
				(forged.parent ?? null) as unknown as Y.AbstractType<Y.YEvent<never>>,
				forged.parentSub ?? null,
				forged.content
			);
			item.write(encoder, 0);
		}
	}
	const ds = new Map<number, ForgedDeletion[]>();
	for (const deletion of deletions) ds.set(deletion[0], [...(ds.get(deletion[0]) ?? []), deletion]);
	encoding.writeVarUint(encoder.restEncoder, ds.size);
	for (const [client, ranges] of ds) {
		encoder.resetDsCurVal();
		encoding.writeVarUint(encoder.restEncoder, client);
		encoding.writeVarUint(encoder.restEncoder, ranges.length);
		for (const [, clock, len] of ranges) {
			encoder.writeDsClock(clock);
			encoder.writeDsLen(len);
		}
	}
	return encoder.toUint8Array();
}

/** The item currently holding `key` of `map` (what a `set` of that key would follow). */
export function currentItem(map: Y.Map<unknown>, key: string): Y.Item {
	const item = map._map.get(key);
	if (!item) throw new Error(`no item for "${key}"`);
	return item;
}

/** The id of the last clock of `item` (an origin pointing after it). */
export function lastId(item: Y.Item): Y.ID {
	return Y.createID(item.id.client, item.id.clock + item.length - 1);
}
