import { staffOnly } from '$lib/server/access';
import { reminderStatsByRequest } from '$lib/server/reminders';

/** The reminder counts per request, for the « Relances » filter (the tasks come from Yjs). */
export async function load({ locals }) {
	const user = staffOnly(locals.user);
	return { reminderStats: await reminderStatsByRequest(locals.runtime, user, user.firmId) };
}
