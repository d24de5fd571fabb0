import { fail, redirect } from '@sveltejs/kit';
import { firstRunOnly, setUpFirm } from '$lib/server/auth/setup';
import { setSessionCookie } from '$lib/server/auth/session-cookie';

export async function load({ locals }) {
	await firstRunOnly(locals.runtime);
}

export const actions = {
	default: async ({ locals, request, cookies }) => {
		const form = Object.fromEntries(await request.formData());
		const result = await setUpFirm(locals.runtime, form);
		if (!result.ok) {
			const values = {
				firmName: String(form.firmName ?? ''),
				name: String(form.name ?? ''),
				email: String(form.email ?? '')
			};
			return fail(400, { values, errors: result.errors });
		}
		setSessionCookie(cookies, locals.runtime, result);
		redirect(303, '/cabinet/taches');
	}
};
