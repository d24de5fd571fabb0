import { fail, redirect } from '@sveltejs/kit';
import { LINK_MESSAGES } from '$lib/domain/invitations';
import { inspectLink, setPasswordByLink } from '$lib/server/auth/link-page';
import { homeOf } from '$lib/server/auth/route-guard';
import { setSessionCookie } from '$lib/server/auth/session-cookie';
import { toSessionUser } from '$lib/server/auth/sessions';

export async function load({ locals, params }) {
	const { state, name, email, purpose } = await inspectLink(locals.runtime, params.token);
	if (state !== 'valid') {
		return { state, message: LINK_MESSAGES[state], name: '', email: '', purpose };
	}
	return { state, message: null, name, email, purpose };
}

export const actions = {
	default: async ({ locals, params, request, cookies }) => {
		const form = await request.formData();
		const result = await setPasswordByLink(locals.runtime, params.token, {
			password: form.get('password'),
			confirm: form.get('confirm')
		});
		if (!result.ok) return fail(400, { errors: result.errors });
		setSessionCookie(cookies, locals.runtime, result);
		redirect(303, homeOf(toSessionUser(result.user, '')));
	}
};
