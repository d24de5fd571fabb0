import { fail } from '@sveltejs/kit';
import { textFields } from '$lib/server/actions';
import { recurringSettings, saveRecurringSettings } from '$lib/server/recurring/rules';

/** « Missions récurrentes »: the firm's rules, for its administrators. */
export async function load({ locals }) {
	return { rules: await recurringSettings(locals.runtime, locals.user) };
}

export const actions = {
	save: async ({ locals, request }) => {
		const values = textFields(await request.formData());
		const result = await saveRecurringSettings(locals.runtime, locals.user, values);
		if (!result.ok) return fail(400, { values, errors: result.errors });
		return { saved: true };
	}
};
