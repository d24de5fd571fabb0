import type { Cookies } from '@sveltejs/kit';
import type { Runtime } from '../runtime.ts';
import { SESSION_COOKIE } from './sessions.ts';

/** Sets the session cookie of a sign-in (login, setup, a password chosen through a link). */
export function setSessionCookie(
	cookies: Cookies,
	rt: Pick<Runtime, 'secureCookies'>,
	session: { token: string; expires: Date }
): void {
	cookies.set(SESSION_COOKIE, session.token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: rt.secureCookies,
		expires: session.expires
	});
}
