import { fail } from '@sveltejs/kit';
import { requestPasswordReset } from '$lib/server/auth/reset';
import { runtime } from '$lib/server/runtime';

export function load() {
	return { mailEnabled: runtime().mailer !== null };
}

export const actions = {
	default: async ({ request, getClientAddress }) => {
		const email = (await request.formData()).get('email');
		const result = await requestPasswordReset(runtime(), { email, address: getClientAddress() });
		const typed = typeof email === 'string' ? email : '';
		if (!result.ok) return fail(result.status, { email: typed, message: result.message });
		return { email: typed, requested: true };
	}
};
