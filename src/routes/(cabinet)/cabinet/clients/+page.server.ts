import { fail } from '@sveltejs/kit';
import { staffOnly } from '$lib/server/access';
import { textFields } from '$lib/server/actions';
import type { ImportRow } from '$lib/domain/client-import';
import { filterClients, parseClientFilters } from '$lib/domain/client-filters';
import {
	activeStaff,
	createClient,
	importClients,
	previewClientImport
} from '$lib/server/admin/clients';
import { listTemplates, templateData } from '$lib/server/recurring/templates';

/** The firm's clients matching the URL's filters, with what the list shows of each. */
export async function load({ locals, url }) {
	const user = staffOnly(locals.user);
	const { store } = locals.runtime;
	const [clients, users, templates] = await Promise.all([
		store.listClients(user.firmId),
		store.listUsers(user.firmId),
		listTemplates(locals.runtime, user)
	]);
	const filters = parseClientFilters(url.searchParams);
	const contacts = new Map<string, number>();
	for (const u of users) {
		if (u.clientId && !u.disabledAt) contacts.set(u.clientId, (contacts.get(u.clientId) ?? 0) + 1);
	}
	return {
		me: user.id,
		filters,
		total: clients.filter((c) => !c.archivedAt).length,
		templates: templates.map(templateData),
		staff: activeStaff(users).map(({ id, name }) => ({ id, name })),
		clients: filterClients(clients, filters).map((client) => ({
			id: client.id,
			name: client.name,
			siren: client.siren,
			closingDate: client.closingDate,
			vatRegime: client.vatRegime,
			managerName: users.find((u) => u.id === client.managerId)?.name ?? null,
			contacts: contacts.get(client.id) ?? 0
		}))
	};
}

/** The file of the import form, as bytes, or null when none was chosen. */
async function csvOf(request: Request): Promise<Uint8Array | null> {
	const file = (await request.formData()).get('file');
	if (!(file instanceof File) || file.size === 0) return null;
	return new Uint8Array(await file.arrayBuffer());
}

/** What the preview table shows of a row. */
function shownRow(row: ImportRow) {
	return { line: row.line, name: row.name, ready: row.client !== null, errors: row.errors };
}

const NO_FILE = { importError: 'Choisissez un fichier CSV.' };

export const actions = {
	createClient: async ({ locals, request }) => {
		const values = textFields(await request.formData());
		const result = await createClient(locals.runtime, locals.user, values);
		if (!result.ok) return fail(400, { values, errors: result.errors });
		return { created: { id: result.client.id, name: result.client.name } };
	},
	previewImport: async ({ locals, request }) => {
		const bytes = await csvOf(request);
		if (!bytes) return fail(400, NO_FILE);
		const preview = await previewClientImport(locals.runtime, locals.user, bytes);
		if (!preview.ok) return fail(400, { importError: preview.error });
		return { preview: preview.rows.map(shownRow) };
	},
	importClients: async ({ locals, request }) => {
		const bytes = await csvOf(request);
		if (!bytes) return fail(400, NO_FILE);
		const { preview, created } = await importClients(locals.runtime, locals.user, bytes);
		if (!preview.ok) return fail(400, { importError: preview.error });
		return {
			imported: created.length,
			preview: preview.rows.filter((row) => !row.client).map(shownRow)
		};
	}
};
