import { redirect } from '@sveltejs/kit';
import { logout } from '$lib/server/auth/logout';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';

/** Ends the session and the sync connections opened with it. SvelteKit checks the Origin. */
export async function POST({ cookies, locals }) {
	await logout(locals.runtime, locals.user, cookies.get(SESSION_COOKIE));
	cookies.delete(SESSION_COOKIE, { path: '/' });
	redirect(303, '/login');
}
