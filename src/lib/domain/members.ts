import type { Role } from './roles.ts';

/** People who sign in, staff or client contacts, as the firm's lists show them. */
export type MemberStatus = 'invité' | 'actif' | 'désactivé';

/** What a list row shows of a member. */
export interface MemberRow {
	id: string;
	name: string;
	email: string;
	role: Role;
	status: MemberStatus;
	lastLoginAt: string | null;
	/** Until when its invitation link works; null when none is pending (or not invited). */
	invitationExpiresAt: string | null;
	/**
	 * Until when the contact's latest reminder sign-in link works; null when none does (always
	 * for staff). With it, the row offers to revoke its links.
	 */
	signinLinkExpiresAt: string | null;
}

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
	dateStyle: 'short',
	timeStyle: 'short',
	timeZone: 'Europe/Paris'
});

/** « actif (dernière connexion le …) », « invité (lien valable jusqu’au …) »… */
export function memberStatusLabel(member: MemberRow): string {
	const format = (iso: string) => DATE_TIME.format(new Date(iso));
	if (member.status === 'actif' && member.lastLoginAt) {
		return `actif (dernière connexion le ${format(member.lastLoginAt)})`;
	}
	if (member.status === 'invité') {
		return member.invitationExpiresAt
			? `invité (lien valable jusqu’au ${format(member.invitationExpiresAt)})`
			: 'invité (aucun lien en cours)';
	}
	return member.status;
}

/** The button that sends a member a link: its invitation, again, or a password reset. */
export function linkActionLabel(member: MemberRow): string {
	if (member.status === 'actif') return 'Réinitialiser le mot de passe';
	return member.invitationExpiresAt ? 'Renvoyer l’invitation' : 'Inviter';
}
