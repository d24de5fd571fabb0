import { fail } from '@sveltejs/kit';
import { requestPasswordReset } from '$lib/server/auth/reset';

export function load({ locals }) {
	return { mailEnabled: locals.runtime.mailer !== null };
}

export const actions = {
	default: async ({ locals, request, getClientAddress }) => {
		const email = (await request.formData()).get('email');
		const result = await requestPasswordReset(locals.runtime, {
			email,
			address: getClientAddress()
		});
		const typed = typeof email === 'string' ? email : '';
		if (!result.ok) return fail(result.status, { email: typed, message: result.message });
		return { email: typed, requested: true };
	}
};
