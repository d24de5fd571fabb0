import { json } from '@sveltejs/kit';
import { requestTimeline } from '$lib/server/activity/feed';

/** « Historique » of one request: all of it for staff, the client's part for its users. */
export async function GET({ locals, params }) {
	const events = await requestTimeline(locals.runtime, locals.user, params);
	return json({ events }, { headers: { 'cache-control': 'no-store' } });
}
