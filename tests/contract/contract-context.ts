import type { Client, Firm, Store, User } from '../../src/lib/server/store/Store.ts';

/** What a spec hands the suite for each test: a fresh, empty store. */
export interface StoreHarness {
	store: Store;
	/** Closes the store and opens it again on the same data. */
	reopen(): Promise<Store>;
	/** Closes the store (whichever is current) and removes its data. */
	cleanup(): Promise<void>;
}

/** The suite's view of the current test's store; `store` changes after `reopen()`. */
export interface ContractContext {
	readonly store: Store;
	reopen(): Promise<Store>;
}

export const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

/**
 * A stand-in for `Y.mergeUpdates` that keeps every part, each behind a 4-byte length, so that a
 * test can read back exactly what a compaction merged (parts of 1 MiB included).
 */
export function frame(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, part) => sum + 4 + part.length, 0));
	const view = new DataView(out.buffer);
	let at = 0;
	for (const part of parts) {
		view.setUint32(at, part.length);
		out.set(part, at + 4);
		at += 4 + part.length;
	}
	return out;
}

/** The parts `frame` joined. */
export function unframe(framed: Uint8Array): Uint8Array[] {
	const view = new DataView(framed.buffer, framed.byteOffset, framed.byteLength);
	const parts: Uint8Array[] = [];
	for (let at = 0; at < framed.length;) {
		const length = view.getUint32(at);
		parts.push(framed.slice(at + 4, at + 4 + length));
		at += 4 + length;
	}
	return parts;
}

/** Canonical `toISOString()` form, which every timestamp the store returns has. */
export const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export async function firmWithClient(
	store: Store,
	names: { firm?: string; client?: string } = {}
): Promise<{ firm: Firm; client: Client }> {
	const firm = await store.createFirm({ name: names.firm ?? 'Cabinet Martin & Associés' });
	const client = await store.createClient({ firmId: firm.id, name: names.client ?? 'Alter Ce' });
	return { firm, client };
}

export function staffUser(
	store: Store,
	firmId: string,
	email: string,
	name = email
): Promise<User> {
	return store.createUser({
		firmId,
		email,
		name,
		role: 'collaborator',
		clientId: null,
		passwordHash: 'argon2-hash'
	});
}

export function clientUser(store: Store, client: Client, email: string): Promise<User> {
	return store.createUser({
		firmId: client.firmId,
		email,
		name: email,
		role: 'client',
		clientId: client.id,
		passwordHash: 'argon2-hash'
	});
}

/** An expiry `hours` from now. */
export const inHours = (hours: number): string =>
	new Date(Date.now() + hours * 3_600_000).toISOString();
