import { error, fail } from '@sveltejs/kit';
import type { SessionUser } from '$lib/server/auth/sessions';
import { staffOnly, textFields } from '$lib/server/actions';
import { formatClosingDate } from '$lib/domain/clients';
import { formatSiren } from '$lib/domain/siren';
import type { LinkPurpose } from '$lib/domain/invitations';
import { activeStaff, setArchived, updateClient } from '$lib/server/admin/clients';
import { addMember, memberRow } from '$lib/server/admin/members';
import { deactivateUser, reactivateUser } from '$lib/server/admin/users';
import { deliverLink } from '$lib/server/admin/deliver-link';
import { runtime } from '$lib/server/runtime';
import { hasPassword } from '$lib/server/store/store-rules';

/** The client of the URL, of this firm; another firm's is answered as missing. */
async function clientOf(user: SessionUser, id: string) {
	const client = await runtime().store.getClient(id);
	if (!client || client.firmId !== user.firmId) error(404, 'Client introuvable.');
	return client;
}

/** A contact of this client named by the form, or null. */
async function contactOf(clientId: string, form: FormData) {
	const id = form.get('userId');
	const contact = typeof id === 'string' ? await runtime().store.getUser(id) : null;
	return contact?.clientId === clientId ? contact : null;
}

export async function load({ locals, params }) {
	const user = staffOnly(locals.user);
	const client = await clientOf(user, params.id);
	const users = await runtime().store.listUsers(user.firmId);
	return {
		client: {
			id: client.id,
			name: client.name,
			archived: client.archivedAt !== null,
			values: {
				name: client.name,
				siren: client.siren ? formatSiren(client.siren) : '',
				closingDate: formatClosingDate(client.closingDate),
				vatRegime: client.vatRegime ?? '',
				managerId: client.managerId ?? ''
			}
		},
		staff: activeStaff(users).map(({ id, name }) => ({ id, name })),
		contacts: await Promise.all(
			users.filter((u) => u.clientId === client.id).map((u) => memberRow(runtime().store, u))
		)
	};
}

export const actions = {
	update: async ({ locals, params, request }) => {
		const user = staffOnly(locals.user);
		const client = await clientOf(user, params.id);
		const values = textFields(await request.formData());
		const result = await updateClient(runtime().store, user, client, values);
		if (!result.ok) return fail(400, { values, errors: result.errors });
		return { updated: true };
	},
	archive: async ({ locals, params }) => {
		const user = staffOnly(locals.user);
		await setArchived(runtime().store, user, await clientOf(user, params.id), true);
		return { archived: true };
	},
	restore: async ({ locals, params }) => {
		const user = staffOnly(locals.user);
		await setArchived(runtime().store, user, await clientOf(user, params.id), false);
		return { restored: true };
	},
	addContact: async ({ locals, params, request }) => {
		const user = staffOnly(locals.user);
		const client = await clientOf(user, params.id);
		const form = await request.formData();
		const result = await addMember(runtime().store, {
			firmId: user.firmId,
			role: 'client',
			clientId: client.id,
			name: form.get('name'),
			email: form.get('email')
		});
		if (!result.ok) {
			return fail(400, { contact: textFields(form), contactErrors: result.errors });
		}
		return { added: result.user.id };
	},
	/** An invitation to a contact without a password yet, a password reset to the others. */
	sendLink: async ({ locals, params, request }) => {
		const user = staffOnly(locals.user);
		const client = await clientOf(user, params.id);
		const contact = await contactOf(client.id, await request.formData());
		if (!contact) return fail(400, { message: 'Contact introuvable.' });
		if (contact.disabledAt) return fail(400, { message: 'Ce contact est désactivé.' });
		const purpose: LinkPurpose = hasPassword(contact) ? 'reset' : 'invite';
		const delivery = await deliverLink(runtime(), { user: contact, purpose, by: user.id });
		return { purpose, delivery };
	},
	revoke: async ({ locals, params, request }) => {
		const user = staffOnly(locals.user);
		const client = await clientOf(user, params.id);
		const contact = await contactOf(client.id, await request.formData());
		if (!contact) return fail(400, { message: 'Contact introuvable.' });
		await runtime().store.revokeLinks(contact.id);
		return { revoked: contact.id };
	},
	deactivate: async ({ locals, params, request }) => {
		const user = staffOnly(locals.user);
		const client = await clientOf(user, params.id);
		const contact = await contactOf(client.id, await request.formData());
		if (!contact) return fail(400, { message: 'Contact introuvable.' });
		await deactivateUser(runtime(), { firmId: user.firmId, userId: contact.id, by: user.id });
		return { deactivated: contact.id };
	},
	reactivate: async ({ locals, params, request }) => {
		const user = staffOnly(locals.user);
		const client = await clientOf(user, params.id);
		const contact = await contactOf(client.id, await request.formData());
		if (!contact) return fail(400, { message: 'Contact introuvable.' });
		await reactivateUser(runtime(), { firmId: user.firmId, userId: contact.id, by: user.id });
		return { reactivated: contact.id };
	}
};
