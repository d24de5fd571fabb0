import { error, fail } from '@sveltejs/kit';
import { isStaff } from '$lib/domain/roles';
import { checkText } from '$lib/domain/validation';
import { addContact, contactStatus } from '$lib/server/admin/contacts';
import { deactivateUser } from '$lib/server/admin/users';
import { issueLink } from '$lib/server/auth/links';
import type { SessionUser } from '$lib/server/auth/sessions';
import { runtime } from '$lib/server/runtime';

function staffOnly(user: SessionUser | null): SessionUser {
	if (!user || !isStaff(user.role)) error(403, 'Accès réservé au cabinet.');
	return user;
}

/** A contact of this firm named by the form, or a 400. */
async function contactOf(user: SessionUser, form: FormData) {
	const id = form.get('userId');
	const contact = typeof id === 'string' ? await runtime().store.getUser(id) : null;
	if (!contact || contact.firmId !== user.firmId || contact.role !== 'client') return null;
	return contact;
}

export async function load({ locals }) {
	const user = staffOnly(locals.user);
	const { store } = runtime();
	const [clients, users] = await Promise.all([
		store.listClients(user.firmId),
		store.listUsers(user.firmId)
	]);
	return {
		clients: clients.map((client) => ({
			id: client.id,
			name: client.name,
			contacts: users
				.filter((u) => u.clientId === client.id)
				.map((u) => ({ id: u.id, name: u.name, email: u.email, status: contactStatus(u) }))
		}))
	};
}

export const actions = {
	createClient: async ({ locals, request }) => {
		const user = staffOnly(locals.user);
		const form = await request.formData();
		const name = checkText(
			form.get('name'),
			120,
			'Saisissez la raison sociale.',
			'Raison sociale trop longue (120 caractères au plus).'
		);
		if (!name.ok) return fail(400, { clientId: 'new', errors: { name: name.error } });
		// Its requests document gets its initial content on the server when first opened
		// (Persistence.onLoadDocument); the overview learns of it through listClients.
		const client = await runtime().store.createClient({ firmId: user.firmId, name: name.value });
		return { created: client.id };
	},
	addContact: async ({ locals, request }) => {
		const user = staffOnly(locals.user);
		const form = await request.formData();
		const result = await addContact(runtime().store, {
			firmId: user.firmId,
			clientId: form.get('clientId'),
			name: form.get('name'),
			email: form.get('email')
		});
		if (!result.ok) {
			return fail(400, { clientId: String(form.get('clientId') ?? ''), errors: result.errors });
		}
		return { added: result.user.id };
	},
	invite: async ({ locals, request }) => {
		const user = staffOnly(locals.user);
		const contact = await contactOf(user, await request.formData());
		if (!contact) return fail(400, { errors: { form: 'Contact introuvable.' } });
		if (contact.disabledAt) return fail(400, { errors: { form: 'Ce contact est désactivé.' } });
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
	revoke: async ({ locals, request }) => {
		const user = staffOnly(locals.user);
		const contact = await contactOf(user, await request.formData());
		if (!contact) return fail(400, { errors: { form: 'Contact introuvable.' } });
		await runtime().store.revokeLinks(contact.id);
		return { revoked: contact.id };
	},
	deactivate: async ({ locals, request }) => {
		const user = staffOnly(locals.user);
		const contact = await contactOf(user, await request.formData());
		if (!contact) return fail(400, { errors: { form: 'Contact introuvable.' } });
		await deactivateUser(runtime(), { firmId: user.firmId, userId: contact.id, by: user.id });
		return { deactivated: contact.id };
	}
};
