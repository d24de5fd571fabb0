import { fail, redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/session-cookie';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { inspectSigninLink, signInWithLink } from '$lib/server/auth/signin';

// `handle` sends this page, its data and its form's answers with `Referrer-Policy: no-referrer`
// and `Cache-Control: no-store`: the secret is in the URL.

/** Shows whom the link signs in; opening it creates nothing (mail scanners open links too). */
export async function load({ locals, params, request, getClientAddress }) {
	return inspectSigninLink(locals.runtime, params.secret, {
		address: getClientAddress(),
		// After the form's own refusal (posted without JavaScript), which counted it already.
		counted: request.method === 'POST'
	});
}

export const actions = {
	default: async ({ locals, params, cookies, getClientAddress }) => {
		const result = await signInWithLink(locals.runtime, params.secret, {
			address: getClientAddress(),
			previous: { user: locals.user, cookie: cookies.get(SESSION_COOKIE) }
		});
		if (!result.ok) return fail(result.status, { message: result.message });
		setSessionCookie(cookies, locals.runtime, result);
		// Leaves the link's URL: the portal's address no longer holds the secret.
		redirect(303, '/portail');
	}
};
