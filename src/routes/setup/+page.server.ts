import { error, fail, redirect } from '@sveltejs/kit';
import { validateSetup } from '$lib/domain/accounts';
import { hashPassword } from '$lib/server/auth/password';
import { SESSION_COOKIE, startSession } from '$lib/server/auth/sessions';
import { runtime } from '$lib/server/runtime';

/** First run only: once a firm exists this page is gone. */
async function ensureFirstRun(): Promise<void> {
	if (!(await runtime().store.isEmpty())) error(404, 'Introuvable');
}

export async function load() {
	await ensureFirstRun();
}

export const actions = {
	default: async ({ request, cookies }) => {
		await ensureFirstRun();
		const form = Object.fromEntries(await request.formData());
		const values = {
			firmName: String(form.firmName ?? ''),
			name: String(form.name ?? ''),
			email: String(form.email ?? '')
		};
		const checked = validateSetup(form);
		if (!checked.ok) return fail(400, { values, errors: checked.errors });

		const rt = runtime();
		const { firmName, name, email, password } = checked.value;
		const done = await rt.store.setupFirm({
			firmName,
			admin: { name, email, passwordHash: await hashPassword(password) }
		});
		// Another setup won the race between our check and our transaction.
		if (!done) error(404, 'Introuvable');
		await rt.store.appendAudit({
			firmId: done.firm.id,
			userId: done.user.id,
			action: 'setup',
			target: done.firm.id,
			detail: null
		});
		const { token, expires } = await startSession(rt.store, done.user.id);
		cookies.set(SESSION_COOKIE, token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: rt.secureCookies,
			expires
		});
		redirect(303, '/cabinet/taches');
	}
};
