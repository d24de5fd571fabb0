import { fail, redirect } from '@sveltejs/kit';
import { login } from '$lib/server/auth/login';
import { safeRedirect } from '$lib/server/auth/route-guard';
import { SESSION_COOKIE, toSessionUser } from '$lib/server/auth/sessions';
import { runtime } from '$lib/server/runtime';

export function load({ locals, url }) {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirect'), locals.user));
}

export const actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const email = form.get('email');
		const rt = runtime();
		const result = await login(rt, {
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
		cookies.set(SESSION_COOKIE, result.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: rt.secureCookies,
			expires: result.expires
		});
		const user = toSessionUser(result.user, '');
		redirect(303, safeRedirect(url.searchParams.get('redirect'), user));
	}
};
