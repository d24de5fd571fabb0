import { calendarChange, type CalendarChange } from '../../domain/calendar-changes.ts';
import { previewImport, type ImportPreview } from '../../domain/client-import.ts';
import { parisDate } from '../../domain/paris-time.ts';
import { findDuplicate, validateClient, type ClientFields } from '../../domain/clients.ts';
import { initialUpdate } from '../../doc/initial.ts';
import { requestsDocName } from '../../domain/doc-names.ts';
import { isStaff } from '../../domain/roles.ts';
import { error } from '@sveltejs/kit';
import { staffOnly } from '../access.ts';
import { audit } from '../audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import { firmRules } from '../recurring/rules.ts';
import type { Client, Store, User } from '../store/Store.ts';
import { readCsv } from './client-csv.ts';

type Rt = Pick<Runtime, 'store'>;

export type ClientResult =
	| { ok: true; client: Client; change?: CalendarChange }
	| { ok: false; errors: Record<string, string> };

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

/**
 * The client `id` of the staff member's firm, or a 403 (not staff) or 404: another firm's client
 * is answered as missing, so that a probe learns nothing.
 */
export function firmClient(rt: Rt, by: SessionUser | null, id: string): Promise<Client> {
	return clientOf(rt, staffOnly(by), id);
}

async function clientOf(rt: Rt, user: SessionUser, id: string): Promise<Client> {
	const client = await rt.store.getClient(id);
	if (!client || client.firmId !== user.firmId) error(404, 'Client introuvable.');
	return client;
}

/** A client from a staff form: checked, not a duplicate, stored, its document created, audited. */
export async function createClient(
	rt: Rt,
	by: SessionUser | null,
	input: Record<string, unknown>
): Promise<ClientResult> {
	const user = staffOnly(by);
	const context = await firmContext(rt.store, user.firmId);
	const checked = checkedFields(input, context);
	if (!checked.ok) return checked;
	const client = await rt.store.createClient({ firmId: user.firmId, ...checked.value });
	await createRequestsDocuments(rt.store, [client]);
	await audit(rt.store, user, 'client.create', client.id);
	return { ok: true, client };
}

export async function updateClient(
	rt: Rt,
	by: SessionUser | null,
	clientId: string,
	input: Record<string, unknown>
): Promise<ClientResult> {
	const user = staffOnly(by);
	const client = await clientOf(rt, user, clientId);
	const context = await firmContext(rt.store, user.firmId);
	const checked = checkedFields(input, context, client.id);
	if (!checked.ok) return checked;
	await rt.store.updateClient(client.id, checked.value);
	await audit(rt.store, user, 'client.update', client.id);
	const updated = { ...client, ...checked.value };
	return { ok: true, client: updated, change: await recurringChange(rt.store, client, updated) };
}

/**
 * What the edit does to the client's recurring tasks: those not created yet follow the new
 * record at the next pass (so « moved » needs no write), created ones stay; the form shows the
 * periods the rules will no longer create on their own (`unscheduled`).
 */
async function recurringChange(store: Store, before: Client, after: Client) {
	const fiscal = (c: Client) => ({
		id: c.id,
		vatRegime: c.vatRegime ?? ('franchise' as const),
		closingDate: c.closingDate,
		vatDueDay: c.vatDueDay
	});
	const rules = await firmRules(store, after.firmId);
	return calendarChange(fiscal(before), fiscal(after), rules, parisDate(Date.now()));
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
	rt: Rt,
	by: SessionUser | null,
	bytes: Uint8Array
): Promise<ImportPreview> {
	const user = staffOnly(by);
	const csv = readCsv(bytes);
	if (!csv.ok) return csv;
	const { clients, staff } = await firmContext(rt.store, user.firmId);
	return previewImport(csv.records, { existing: clients, staff, defaultManagerId: user.id });
}

/**
 * Imports the rows of the file that are ready, in one transaction, checked again against the firm
 * as it is at this moment (a colleague may have created one meanwhile): the rows that fail are
 * never written. Returns what it did, as a preview with the clients created; the audit entry's
 * detail is how many.
 */
export async function importClients(
	rt: Rt,
	by: SessionUser | null,
	bytes: Uint8Array
): Promise<{ preview: ImportPreview; created: Client[] }> {
	const user = staffOnly(by);
	const preview = await previewClientImport(rt, user, bytes);
	if (!preview.ok || preview.ready.length === 0) return { preview, created: [] };
	const created = await rt.store.createClients(
		preview.ready.map((fields) => ({ firmId: user.firmId, ...fields }))
	);
	await createRequestsDocuments(rt.store, created);
	await audit(rt.store, user, 'client.import', null, `${created.length}`);
	return { preview, created };
}

/** Archives (or restores) a client of the firm: its portal closes to new deposits. */
export async function setArchived(
	rt: Rt,
	by: SessionUser | null,
	clientId: string,
	archived: boolean
): Promise<void> {
	const user = staffOnly(by);
	const client = await clientOf(rt, user, clientId);
	await rt.store.setClientArchived(client.id, archived);
	await audit(rt.store, user, archived ? 'client.archive' : 'client.restore', client.id);
}
