import { error, fail } from '@sveltejs/kit';
import type { SessionUser } from '$lib/server/auth/sessions';
import { staffOnly, textFields } from '$lib/server/actions';
import { formatClosingDate } from '$lib/domain/clients';
import { activeStaff, setArchived, updateClient } from '$lib/server/admin/clients';
import { addContact, contactStatus, invitationExpiry } from '$lib/server/admin/contacts';
import { deactivateUser } from '$lib/server/admin/users';
import { issueLink } from '$lib/server/auth/links';
import { runtime } from '$lib/server/runtime';

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
				siren: client.siren ?? '',
				closingDate: formatClosingDate(client.closingDate),
				vatRegime: client.vatRegime ?? '',
				managerId: client.managerId ?? ''
			}
		},
		staff: activeStaff(users).map(({ id, name }) => ({ id, name })),
		contacts: await Promise.all(
			users
				.filter((u) => u.clientId === client.id)
				.map(async (u) => ({
					id: u.id,
					name: u.name,
					email: u.email,
					status: contactStatus(u),
					lastLoginAt: u.lastLoginAt,
					invitationExpiresAt:
						contactStatus(u) === 'invité' ? await invitationExpiry(runtime().store, u) : null
				}))
		)
	};
}

export const actions = {
	update: async ({ locals, params, request }) => {
		const user = staffOnly(locals.user);
		const client = await clientOf(user, params.id);
		const values = textFields(await request.formData());
		const result = await updateClient(runtime(), user, client, values);
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
		const result = await addContact(runtime().store, {
			firmId: user.firmId,
			clientId: client.id,
			name: form.get('name'),
			email: form.get('email')
		});
		if (!result.ok) {
			return fail(400, { contact: textFields(form), contactErrors: result.errors });
		}
		return { added: result.user.id };
	},
	invite: async ({ locals, params, request }) => {
		const user = staffOnly(locals.user);
		const client = await clientOf(user, params.id);
		const contact = await contactOf(client.id, await request.formData());
		if (!contact) return fail(400, { message: 'Contact introuvable.' });
		if (contact.disabledAt) return fail(400, { message: 'Ce contact est désactivé.' });
		const rt = runtime();
		const { url } = await issueLink(rt.store, {
			userId: contact.id,
			purpose: 'invite',
			createdBy: user.id,
			origin: rt.origin
		});
		await rt.store.appendAudit({
			firmId: user.firmId,
			userId: user.id,
			action: 'invitation-sent',
			target: contact.id,
			detail: null
		});
		// No SMTP yet: the link is shown once, for the staff member to copy.
		return { invited: contact.id, link: url };
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
	}
};
