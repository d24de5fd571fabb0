import { fail, redirect } from '@sveltejs/kit';
import { login } from '$lib/server/auth/login';
import { safeRedirect } from '$lib/server/auth/route-guard';
import { setSessionCookie } from '$lib/server/auth/session-cookie';
import { toSessionUser } from '$lib/server/auth/sessions';

export function load({ locals, url }) {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirect'), locals.user));
}

export const actions = {
	default: async ({ locals, request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const email = form.get('email');
		const result = await login(locals.runtime, {
			email,
			password: form.get('password'),
			address: getClientAddress()
		});
		if (!result.ok) {
			return fail(result.status, {
				email: typeof email === 'string' ? email : '',
				message: result.message
			});
		}
		setSessionCookie(cookies, locals.runtime, result);
		const user = toSessionUser(result.user, '');
		redirect(303, safeRedirect(url.searchParams.get('redirect'), user));
	}
};
