import { sendRemindersToClients } from '$lib/server/reminders';

export const actions = {
	/** « Relancer » for the clients ticked in the list, at once. */
	remind: async ({ locals, request }) => {
		const clientIds = (await request.formData())
			.getAll('clientId')
			.filter((id): id is string => typeof id === 'string');
		const result = await sendRemindersToClients(locals.runtime, locals.user, clientIds);
		return { reminded: result };
	}
};
