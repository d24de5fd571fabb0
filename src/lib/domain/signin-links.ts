import { linkExpiry, type LinkRecord } from './invitations.ts';
import type { Role } from './roles.ts';

/**
 * The sign-in link in every reminder: it opens the contact's portal without a password, on any
 * device, also for a contact invited but never signed in. Made like the invitation links (a
 * 256-bit random secret, only its SHA-256 stored, see `server/auth/signin-link.ts`), with these
 * differences:
 * - it may be opened again until it expires (the contact reads the e-mail on a phone, then on a
 *   computer; a mail scanner opening it first must not void it): `usedAt` records a use and
 *   does not end the link;
 * - it is void once its contact is deactivated, and it never opens anything but a client
 *   portal: a link held by a staff account is treated as unknown, never as a staff sign-in.
 */
export const SIGNIN_PURPOSE = 'signin';

/** How long a reminder's sign-in link works by default. */
export const SIGNIN_LINK_TTL_MS = 7 * 24 * 3600_000;

export type SigninLinkState = 'valid' | 'unknown' | 'expired' | 'revoked' | 'inactive';

/** The account the link signs in. */
export interface SigninHolder {
	role: Role;
	disabledAt: string | null;
}

export function signinLinkExpiry(now: number, ttlMs = SIGNIN_LINK_TTL_MS): string {
	return linkExpiry(now, ttlMs);
}

/**
 * Whether a stored sign-in link may open its holder's portal at `now`. Revoked wins over
 * expired, as for invitations; a deactivated contact or a staff holder wins over both.
 */
export function signinLinkState(
	link: LinkRecord | null,
	holder: SigninHolder | null,
	now: number
): SigninLinkState {
	if (!link || !holder || holder.role !== 'client') return 'unknown';
	if (holder.disabledAt !== null) return 'inactive';
	if (link.revokedAt !== null) return 'revoked';
	return Date.parse(link.expiresAt) <= now ? 'expired' : 'valid';
}

/** What the page says for a link that opens nothing, always with a way forward. */
export const SIGNIN_LINK_MESSAGES: Record<Exclude<SigninLinkState, 'valid'>, string> = {
	unknown:
		'Ce lien de connexion n’est pas valide. Vérifiez qu’il est complet, connectez-vous avec votre mot de passe, ou demandez un nouveau lien au cabinet.',
	expired:
		'Ce lien de connexion a expiré. Connectez-vous avec votre mot de passe, ou demandez un nouveau lien au cabinet.',
	revoked:
		'Ce lien de connexion a été annulé. Utilisez le lien du dernier e-mail reçu, connectez-vous avec votre mot de passe, ou demandez un nouveau lien au cabinet.',
	inactive: 'Votre accès a été désactivé par le cabinet. Contactez-le pour le retrouver.'
};
