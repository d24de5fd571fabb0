import { checkEmail, checkPersonName } from '../../domain/accounts.ts';
import { linkState } from '../../domain/invitations.ts';
import { signinLinkState } from '../../domain/signin-links.ts';
import type { MemberRow, MemberStatus } from '../../domain/members.ts';
import type { Role } from '../../domain/roles.ts';
import type { Store, User } from '../store/Store.ts';
import { hasPassword, NO_PASSWORD } from '../store/store-rules.ts';

/** Invited until a password is chosen through the link; deactivation wins over both. */
export function memberStatus(user: User): MemberStatus {
	if (user.disabledAt) return 'désactivé';
	return hasPassword(user) ? 'actif' : 'invité';
}

/** What a list row shows of a member: status, last sign-in, and until when its invitation works. */
export async function memberRow(store: Store, user: User, now = Date.now()): Promise<MemberRow> {
	const status = memberStatus(user);
	return {
		id: user.id,
		name: user.name,
		email: user.email,
		role: user.role,
		status,
		lastLoginAt: user.lastLoginAt,
		invitationExpiresAt: status === 'invité' ? await invitationExpiry(store, user, now) : null,
		signinLinkExpiresAt:
			user.role === 'client' && status !== 'désactivé' ? await signinExpiry(store, user, now) : null
	};
}

/** Null when no invitation is pending (never sent, used, revoked or expired). */
async function invitationExpiry(store: Store, user: User, now: number): Promise<string | null> {
	const links = await store.listLinks(user.id);
	const pending = links.find(
		(link) => link.purpose === 'invite' && linkState(link, now) === 'valid'
	);
	return pending?.expiresAt ?? null;
}

/** The latest expiry among the contact's sign-in links that still open its portal. */
async function signinExpiry(store: Store, user: User, now: number): Promise<string | null> {
	const live = (await store.listSigninLinks(user.id))
		.filter((link) => signinLinkState(link, user, now) === 'valid')
		.map((link) => link.expiresAt)
		.sort();
	return live.at(-1) ?? null;
}

export type AddMemberResult =
	{ ok: true; user: User } | { ok: false; errors: Record<string, string> };

/**
 * A new member without a password, until it accepts an invitation: a client contact (`clientId`
 * set; the caller checked the client is the firm's) or a staff member.
 */
export async function addMember(
	store: Store,
	input: { firmId: string; role: Role; clientId: string | null; name: unknown; email: unknown }
): Promise<AddMemberResult> {
	const name = checkPersonName(input.name);
	const email = checkEmail(input.email);
	const errors: Record<string, string> = {};
	if (!name.ok) errors.name = name.error;
	if (!email.ok) errors.email = email.error;
	if (!name.ok || !email.ok) return { ok: false, errors };
	try {
		const user = await store.createUser({
			firmId: input.firmId,
			clientId: input.clientId,
			role: input.role,
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
