import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import { parseDocName } from '../../src/lib/domain/doc-names.ts';

/**
 * The Yjs update carried by a raw Hocuspocus message, or null when the message carries none
 * (sync step 1, awareness, auth, stateless…). Only sync step 2 and update messages change a
 * document. Throws on a truncated or malformed frame, which fails that message only.
 */
export function documentUpdateOf(raw: Uint8Array): Uint8Array | null {
	const decoder = decoding.createDecoder(raw);
	decoding.readVarString(decoder);
	const type = decoding.readVarUint(decoder);
	if (type !== MessageType.Sync && type !== MessageType.SyncReply) return null;
	const syncType = decoding.readVarUint(decoder);
	if (syncType !== messageYjsSyncStep2 && syncType !== messageYjsUpdate) return null;
	return decoding.readVarUint8Array(decoder);
}

/** An update with no structs and no deletions (what a client sends when it has nothing new). */
export function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length <= 2 && update.every((byte) => byte === 0);
}

/**
 * True for an awareness frame addressed to a document every connection opens read-only (the
 * firm overview, the activity document): presence there would let a reader write to other readers. Malformed frames
 * are left to Hocuspocus, which refuses them.
 */
export function isReadOnlyAwareness(raw: Uint8Array): boolean {
	try {
		const decoder = decoding.createDecoder(raw);
		const name = decoding.readVarString(decoder);
		return (
			decoding.readVarUint(decoder) === MessageType.Awareness &&
			['overview', 'activity'].includes(parseDocName(name)?.kind ?? '')
		);
	} catch {
		return false;
	}
}
