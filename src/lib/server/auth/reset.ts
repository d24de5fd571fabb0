import { checkEmail } from '../../domain/accounts.ts';
import { deliverLink } from '../admin/deliver-link.ts';
import type { Runtime } from '../runtime.ts';

export type ResetRequest = { ok: true } | { ok: false; status: 400 | 429; message: string };

/**
 * « Mot de passe oublié » : e-mails a reset link when the address is an active account's, and
 * answers the same, at the same speed, whether it is or not (the mail goes out after the answer),
 * so that the page tells nobody which addresses have an account. Limited per address and per
 * source, counted whether or not the account exists, so that nobody is flooded with mail.
 */
export async function requestPasswordReset(
	rt: Pick<Runtime, 'store' | 'origin' | 'mailer' | 'resetRequests'>,
	input: { email: unknown; address: string }
): Promise<ResetRequest> {
	const email = checkEmail(input.email);
	if (!email.ok) return { ok: false, status: 400, message: email.error };
	const limits = rt.resetRequests;
	const wait = Math.max(
		...(await Promise.all([
			limits.byEmail.retryAfter(email.value),
			limits.byAddress.retryAfter(input.address)
		]))
	);
	if (wait > 0) {
		const minutes = Math.ceil(wait / 60_000);
		return {
			ok: false,
			status: 429,
			message: `Trop de demandes. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`
		};
	}
	await Promise.all([limits.byEmail.fail(email.value), limits.byAddress.fail(input.address)]);
	if (!rt.mailer) return { ok: true };
	const user = await rt.store.getUserByEmail(email.value);
	if (user && !user.disabledAt) {
		deliverLink(rt, { user, purpose: 'reset', by: null }).catch((error: unknown) =>
			console.error(`Cannot send a password reset to user ${user.id}`, error)
		);
	}
	return { ok: true };
}
