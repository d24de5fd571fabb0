import { fail } from '@sveltejs/kit';
import { adminOnly } from '$lib/server/access';
import { textFields } from '$lib/server/actions';
import { reminderSettings, saveReminderSettings } from '$lib/server/reminders';

/** The firm's reminder policy, for its administrators only (403 for collaborators). */
export async function load({ locals }) {
	adminOnly(locals.user);
	return await reminderSettings(locals.runtime, locals.user);
}

export const actions = {
	save: async ({ locals, request }) => {
		adminOnly(locals.user);
		const form = await request.formData();
		const result = await saveReminderSettings(locals.runtime, locals.user, form);
		if (!result.ok) return fail(400, { values: textFields(form), errors: result.errors });
		return { saved: true };
	}
};
