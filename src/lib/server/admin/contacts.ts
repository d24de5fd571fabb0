import { checkEmail, checkPersonName } from '../../domain/accounts.ts';
import { linkState } from '../../domain/invitations.ts';
import type { Store, User } from '../store/Store.ts';
import { hasPassword, NO_PASSWORD } from '../store/store-rules.ts';

export type ContactStatus = 'invité' | 'actif' | 'désactivé';

/** Invited until a password is chosen through the link; deactivation wins over both. */
export function contactStatus(user: User): ContactStatus {
	if (user.disabledAt) return 'désactivé';
	return hasPassword(user) ? 'actif' : 'invité';
}

/**
 * When the user's current invitation link expires, for « invité » statuses: null when none is
 * pending (never sent, used, revoked or expired), so that the staff know to send one.
 */
export async function invitationExpiry(store: Store, user: User, now = Date.now()) {
	const links = await store.listLinks(user.id);
	const pending = links.find(
		(link) => link.purpose === 'invite' && linkState(link, now) === 'valid'
	);
	return pending?.expiresAt ?? null;
}

export type AddContactResult =
	{ ok: true; user: User } | { ok: false; errors: Record<string, string> };

/** Adds a portal user to a client of the firm, without a password until it accepts an invitation. */
export async function addContact(
	store: Store,
	input: { firmId: string; clientId: unknown; name: unknown; email: unknown }
): Promise<AddContactResult> {
	const client = typeof input.clientId === 'string' ? await store.getClient(input.clientId) : null;
	if (!client || client.firmId !== input.firmId) {
		return { ok: false, errors: { form: 'Client introuvable.' } };
	}
	const name = checkPersonName(input.name);
	const email = checkEmail(input.email);
	const errors: Record<string, string> = {};
	if (!name.ok) errors.name = name.error;
	if (!email.ok) errors.email = email.error;
	if (!name.ok || !email.ok) return { ok: false, errors };
	try {
		const user = await store.createUser({
			firmId: input.firmId,
			clientId: client.id,
			role: 'client',
			name: name.value,
			email: email.value,
			passwordHash: NO_PASSWORD
		});
		return { ok: true, user };
	} catch (error) {
		if ((error as { code?: string }).code === 'EMAIL_TAKEN') {
			return { ok: false, errors: { email: 'Cette adresse e-mail est déjà utilisée.' } };
		}
		throw error;
	}
}
