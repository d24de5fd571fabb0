import { checkNewPassword } from '../../domain/accounts.ts';
import {
	isLinkSecret,
	LINK_MESSAGES,
	linkState,
	type LinkPurpose,
	type LinkState
} from '../../domain/invitations.ts';
import { audit } from '../audit.ts';
import type { Runtime } from '../runtime.ts';
import type { User } from '../store/Store.ts';
import { hashPassword } from './password.ts';
import { startSession } from './sessions.ts';
import { digest } from './tokens.ts';

type Rt = Pick<Runtime, 'store' | 'closeUserConnections'>;

/** Reads the link without consuming it: opening the page (a mail scanner does) burns nothing. */
export async function inspectLink(
	rt: Rt,
	secret: string
): Promise<{ state: LinkState; name: string; email: string; purpose: LinkPurpose }> {
	if (!isLinkSecret(secret)) return { state: 'unknown', name: '', email: '', purpose: 'invite' };
	const link = await rt.store.getLink(digest(secret));
	const user = link ? await rt.store.getUser(link.userId) : null;
	let state = linkState(link, Date.now());
	if (state === 'valid' && (!user || user.disabledAt)) state = 'revoked';
	return {
		state,
		name: user?.name ?? '',
		email: user?.email ?? '',
		purpose: link?.purpose ?? 'invite'
	};
}

export type PasswordSet =
	| { ok: true; user: User; token: string; expires: Date }
	| { ok: false; errors: Record<string, string> };

/**
 * Sets the password chosen through an invitation or reset link, consuming the link, and signs the
 * user in; audited as `password.set` by the user itself. Its other sessions were ended with the
 * old password; so are their open sync connections.
 */
export async function setPasswordByLink(
	rt: Rt,
	secret: string,
	input: { password: unknown; confirm: unknown }
): Promise<PasswordSet> {
	const checked = checkNewPassword(input.password);
	if (!checked.ok) return { ok: false, errors: { password: checked.error } };
	if (input.password !== input.confirm) {
		return {
			ok: false,
			errors: { confirm: 'Les deux mots de passe ne sont pas identiques.' }
		};
	}
	if (!isLinkSecret(secret)) return { ok: false, errors: { form: LINK_MESSAGES.unknown } };
	const id = digest(secret);
	const purpose = (await rt.store.getLink(id))?.purpose ?? null;
	const result = await rt.store.redeemLink(
		id,
		await hashPassword(checked.value),
		new Date().toISOString()
	);
	if (result.state !== 'valid' || !result.user) {
		return {
			ok: false,
			errors: { form: LINK_MESSAGES[result.state as Exclude<LinkState, 'valid'>] }
		};
	}
	const user = result.user;
	rt.closeUserConnections(user.id);
	await audit(rt.store, user, 'password.set', user.id, purpose);
	const { token, expires } = await startSession(rt.store, user.id);
	return { ok: true, user, token, expires };
}
