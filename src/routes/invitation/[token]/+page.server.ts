import { fail, redirect } from '@sveltejs/kit';
import { checkNewPassword } from '$lib/domain/accounts';
import {
	isLinkSecret,
	LINK_MESSAGES,
	linkState,
	type LinkPurpose,
	type LinkState
} from '$lib/domain/invitations';
import { hashPassword } from '$lib/server/auth/password';
import { homeOf } from '$lib/server/auth/route-guard';
import { SESSION_COOKIE, startSession, toSessionUser } from '$lib/server/auth/sessions';
import { digest } from '$lib/server/auth/tokens';
import { runtime } from '$lib/server/runtime';

/** Reads the link without consuming it: opening the page (a mail scanner does) burns nothing. */
async function inspect(
	token: string
): Promise<{ state: LinkState; name: string; email: string; purpose: LinkPurpose }> {
	if (!isLinkSecret(token)) return { state: 'unknown', name: '', email: '', purpose: 'invite' };
	const { store } = runtime();
	const link = await store.getLink(digest(token));
	const user = link ? await store.getUser(link.userId) : null;
	let state = linkState(link, Date.now());
	if (state === 'valid' && (!user || user.disabledAt)) state = 'revoked';
	return {
		state,
		name: user?.name ?? '',
		email: user?.email ?? '',
		purpose: link?.purpose ?? 'invite'
	};
}

export async function load({ params }) {
	const { state, name, email, purpose } = await inspect(params.token);
	if (state !== 'valid') {
		return { state, message: LINK_MESSAGES[state], name: '', email: '', purpose };
	}
	return { state, message: null, name, email, purpose };
}

export const actions = {
	default: async ({ params, request, cookies }) => {
		const form = await request.formData();
		const password = form.get('password');
		const checked = checkNewPassword(password);
		if (!checked.ok) return fail(400, { errors: { password: checked.error } });
		if (password !== form.get('confirm')) {
			return fail(400, { errors: { confirm: 'Les deux mots de passe ne sont pas identiques.' } });
		}
		if (!isLinkSecret(params.token)) {
			return fail(400, { errors: { form: LINK_MESSAGES.unknown } });
		}
		const rt = runtime();
		const result = await rt.store.redeemLink(
			digest(params.token),
			await hashPassword(checked.value),
			new Date().toISOString()
		);
		if (result.state !== 'valid' || !result.user) {
			return fail(400, {
				errors: { form: LINK_MESSAGES[result.state as Exclude<LinkState, 'valid'>] }
			});
		}
		const user = result.user;
		// Its other sessions were ended with the old password; so are their open connections.
		rt.closeUserConnections(user.id);
		await rt.store.appendAudit({
			firmId: user.firmId,
			userId: user.id,
			action: 'link-redeemed',
			target: user.id,
			detail: null
		});
		const { token, expires } = await startSession(rt.store, user.id);
		cookies.set(SESSION_COOKIE, token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: rt.secureCookies,
			expires
		});
		redirect(303, homeOf(toSessionUser(user, '')));
	}
};
