import { previewImport, type ImportPreview } from '../../domain/client-import.ts';
import { findDuplicate, validateClient, type ClientFields } from '../../domain/clients.ts';
import { initialUpdate } from '../../doc/initial.ts';
import { requestsDocName } from '../../domain/doc-names.ts';
import { isStaff } from '../../domain/roles.ts';
import type { Client, Store, User } from '../store/Store.ts';
import { readCsv } from './client-csv.ts';

export type ClientResult =
	{ ok: true; client: Client } | { ok: false; errors: Record<string, string> };

/** Staff who may be put in charge of a client: active ones. */
export function activeStaff(users: User[]): User[] {
	return users.filter((user) => isStaff(user.role) && !user.disabledAt);
}

async function firmContext(store: Store, firmId: string) {
	const [clients, users] = await Promise.all([store.listClients(firmId), store.listUsers(firmId)]);
	return { clients, staff: activeStaff(users) };
}

/**
 * Stores each new client's requests document with its first content, as the server would on its
 * first opening, all in one transaction: the portal and the firm then open a document that
 * exists, and a 5,000-client import costs one fsync, not 5,000.
 */
async function createRequestsDocuments(store: Store, clients: Client[]): Promise<void> {
	await store.appendUpdates(
		clients.map((client) => ({
			documentName: requestsDocName(client.firmId, client.id),
			update: initialUpdate({ kind: 'requests', firmId: client.firmId, clientId: client.id })
		}))
	);
}

/** A client from a staff form: checked, not a duplicate, stored, its document created, audited. */
export async function createClient(
	store: Store,
	by: { id: string; firmId: string },
	input: Record<string, unknown>
): Promise<ClientResult> {
	const context = await firmContext(store, by.firmId);
	const checked = checkedFields(input, context);
	if (!checked.ok) return checked;
	const client = await store.createClient({ firmId: by.firmId, ...checked.value });
	await createRequestsDocuments(store, [client]);
	await audit(store, by, 'client-created', client.id);
	return { ok: true, client };
}

export async function updateClient(
	store: Store,
	by: { id: string; firmId: string },
	client: Client,
	input: Record<string, unknown>
): Promise<ClientResult> {
	const context = await firmContext(store, by.firmId);
	const checked = checkedFields(input, context, client.id);
	if (!checked.ok) return checked;
	await store.updateClient(client.id, checked.value);
	await audit(store, by, 'client-updated', client.id);
	return { ok: true, client: { ...client, ...checked.value } };
}

function checkedFields(
	input: Record<string, unknown>,
	context: { clients: Client[]; staff: User[] },
	exceptId?: string
): { ok: true; value: ClientFields } | { ok: false; errors: Record<string, string> } {
	const valid = validateClient(input, new Set(context.staff.map((user) => user.id)));
	if (!valid.ok) return valid;
	const duplicate = findDuplicate(valid.value, context.clients, exceptId);
	if (duplicate) return { ok: false, errors: { [duplicate.field]: duplicate.message } };
	return valid;
}

/** The import's preview for a file, against the firm as it is now; writes nothing. */
export async function previewClientImport(
	store: Store,
	by: { id: string; firmId: string },
	bytes: Uint8Array
): Promise<ImportPreview> {
	const csv = readCsv(bytes);
	if (!csv.ok) return csv;
	const { clients, staff } = await firmContext(store, by.firmId);
	return previewImport(csv.records, { existing: clients, staff, defaultManagerId: by.id });
}

/**
 * Imports the rows of the file that are ready, in one transaction, checked again against the firm
 * as it is at this moment (a colleague may have created one meanwhile): the rows that fail are
 * never written. Returns what it did, as a preview with the clients created.
 */
export async function importClients(
	store: Store,
	by: { id: string; firmId: string },
	bytes: Uint8Array
): Promise<{ preview: ImportPreview; created: Client[] }> {
	const preview = await previewClientImport(store, by, bytes);
	if (!preview.ok || preview.ready.length === 0) return { preview, created: [] };
	const created = await store.createClients(
		preview.ready.map((fields) => ({ firmId: by.firmId, ...fields }))
	);
	await createRequestsDocuments(store, created);
	await audit(store, by, 'clients-imported', null, `${created.length}`);
	return { preview, created };
}

export async function setArchived(
	store: Store,
	by: { id: string; firmId: string },
	client: Client,
	archived: boolean
): Promise<void> {
	await store.setClientArchived(client.id, archived);
	await audit(store, by, archived ? 'client-archived' : 'client-restored', client.id);
}

function audit(
	store: Store,
	by: { id: string; firmId: string },
	action: string,
	target: string | null,
	detail: string | null = null
): Promise<void> {
	return store.appendAudit({ firmId: by.firmId, userId: by.id, action, target, detail });
}
