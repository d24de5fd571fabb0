import { redirect } from '@sveltejs/kit';
import { endSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { runtime } from '$lib/server/runtime';

/** Ends the session and the sync connections opened with it. SvelteKit checks the Origin. */
export async function POST({ cookies }) {
	const rt = runtime();
	const sessionId = await endSession(rt.store, cookies.get(SESSION_COOKIE));
	if (sessionId) rt.closeSessionConnections(sessionId);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	redirect(303, '/login');
}
