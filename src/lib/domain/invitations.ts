/**
 * Single-use links (invitation of a new user, password reset). The link carries a random secret;
 * the store keeps only its SHA-256. Opening the page never consumes it (mail scanners open links);
 * only setting the password does.
 */
const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export type LinkPurpose = 'invite' | 'reset';

/**
 * What became of a link: e-mailed to the user (`sentTo`), or to be passed on by the staff member
 * (`url` shown) when no SMTP server is configured or when it refused the message (`mailError`).
 */
export type Delivery =
	| { sentTo: string; url: null; mailError: null }
	| { sentTo: null; url: string; mailError: string | null };

export type LinkState = 'valid' | 'unknown' | 'expired' | 'used' | 'revoked';

/** What decides whether a stored link may still be used. */
export interface LinkRecord {
	expiresAt: string;
	usedAt: string | null;
	revokedAt: string | null;
}

/** Used and revoked win over expired: the message says what really happened to the link. */
export function linkState(link: LinkRecord | null, now: number): LinkState {
	if (!link) return 'unknown';
	if (link.usedAt) return 'used';
	if (link.revokedAt) return 'revoked';
	return Date.parse(link.expiresAt) <= now ? 'expired' : 'valid';
}

/** When a link made at `now` expires: after `ttlMs`, seven days unless a purpose says otherwise. */
export function linkExpiry(now: number, ttlMs = INVITATION_TTL_MS): string {
	return new Date(now + ttlMs).toISOString();
}

/** The shape of a link secret (32 random bytes, base64url); anything else is refused unread. */
export function isLinkSecret(value: unknown): value is string {
	return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** The message shown for a link that cannot be used. */
export const LINK_MESSAGES: Record<Exclude<LinkState, 'valid'>, string> = {
	unknown:
		'Ce lien n’est pas valide. Vérifiez qu’il est complet, ou demandez-en un nouveau au cabinet.',
	expired: 'Ce lien a expiré (il était valable 7 jours). Demandez-en un nouveau au cabinet.',
	used: 'Ce lien a déjà été utilisé. Connectez-vous avec votre mot de passe.',
	revoked: 'Ce lien a été annulé par le cabinet. Demandez-en un nouveau.'
};
