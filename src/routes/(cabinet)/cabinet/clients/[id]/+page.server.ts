import { fail } from '@sveltejs/kit';
import { staffOnly } from '$lib/server/access';
import { textFields } from '$lib/server/actions';
import { formatClosingDate } from '$lib/domain/clients';
import { formatSiren } from '$lib/domain/siren';
import { isIsoDate } from '$lib/domain/validation';
import { activeStaff, firmClient, setArchived, updateClient } from '$lib/server/admin/clients';
import {
	addContact,
	revokeContactLinks,
	sendContactLink,
	setContactActive
} from '$lib/server/admin/contacts';
import { memberRow } from '$lib/server/admin/members';
import {
	clientFromRoute,
	previewReminderAction,
	sendReminderAction
} from '$lib/server/reminder-actions';
import { clientReminderHistory, clientReminderState, setClientPause } from '$lib/server/reminders';

export async function load({ locals, params }) {
	const user = staffOnly(locals.user);
	const { store } = locals.runtime;
	const client = await firmClient(locals.runtime, user, params.id);
	const [users, reminderState, reminderHistory] = await Promise.all([
		store.listUsers(user.firmId),
		clientReminderState(locals.runtime, user, client.id),
		clientReminderHistory(locals.runtime, user, client.id)
	]);
	return {
		reminders: { state: reminderState, history: reminderHistory },
		client: {
			id: client.id,
			name: client.name,
			archived: client.archivedAt !== null,
			values: {
				name: client.name,
				siren: client.siren ? formatSiren(client.siren) : '',
				closingDate: formatClosingDate(client.closingDate),
				vatRegime: client.vatRegime ?? '',
				managerId: client.managerId ?? '',
				vatDueDay: client.vatDueDay === null ? '' : String(client.vatDueDay)
			}
		},
		staff: activeStaff(users).map(({ id, name }) => ({ id, name })),
		contacts: await Promise.all(
			users.filter((u) => u.clientId === client.id).map((u) => memberRow(store, u))
		)
	};
}

/** The contact a form names. */
async function userIdOf(request: Request): Promise<FormDataEntryValue | null> {
	return (await request.formData()).get('userId');
}

export const actions = {
	update: async ({ locals, params, request }) => {
		const values = textFields(await request.formData());
		const result = await updateClient(locals.runtime, locals.user, params.id, values);
		if (!result.ok) return fail(400, { values, errors: result.errors });
		// Tasks to come follow the new record; periods the rules take as done must be made by hand.
		return { updated: true, unscheduled: result.change?.unscheduled.map((p) => p.label) ?? [] };
	},
	archive: async ({ locals, params }) => {
		await setArchived(locals.runtime, locals.user, params.id, true);
		return { archived: true };
	},
	restore: async ({ locals, params }) => {
		await setArchived(locals.runtime, locals.user, params.id, false);
		return { restored: true };
	},
	addContact: async ({ locals, params, request }) => {
		const form = await request.formData();
		const result = await addContact(locals.runtime, locals.user, params.id, {
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
		const userId = await userIdOf(request);
		const result = await sendContactLink(locals.runtime, locals.user, params.id, userId);
		if (!result.ok) return fail(400, { message: result.message });
		return { purpose: result.purpose, delivery: result.delivery };
	},
	revoke: async ({ locals, params, request }) => {
		const userId = await userIdOf(request);
		const result = await revokeContactLinks(locals.runtime, locals.user, params.id, userId);
		if (!result.ok) return fail(400, { message: result.message });
		return { revoked: result.id };
	},
	deactivate: async ({ locals, params, request }) => {
		const userId = await userIdOf(request);
		const result = await setContactActive(locals.runtime, locals.user, params.id, userId, false);
		if (!result.ok) return fail(400, { message: result.message });
		return { deactivated: result.id };
	},
	previewReminder: previewReminderAction(clientFromRoute),
	sendReminder: sendReminderAction(clientFromRoute),
	/** « Ne pas relancer », optionally « jusqu'au » a date. */
	pause: async ({ locals, params, request }) => {
		const until = String((await request.formData()).get('until') ?? '') || null;
		if (until !== null && !isIsoDate(until)) {
			return fail(400, { pauseError: 'La date de fin doit être une date valide.' });
		}
		await setClientPause(locals.runtime, locals.user, params.id, { paused: true, until });
		return { paused: true };
	},
	resume: async ({ locals, params }) => {
		await setClientPause(locals.runtime, locals.user, params.id, { paused: false, until: null });
		return { resumed: true };
	},
	reactivate: async ({ locals, params, request }) => {
		const userId = await userIdOf(request);
		const result = await setContactActive(locals.runtime, locals.user, params.id, userId, true);
		if (!result.ok) return fail(400, { message: result.message });
		return { reactivated: result.id };
	}
};
