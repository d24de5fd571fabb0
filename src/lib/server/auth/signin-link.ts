import { SIGNIN_LINK_TTL_MS, signinLinkExpiry } from '../../domain/signin-links.ts';
import { digest, randomToken } from './tokens.ts';

/** Where a sign-in link's page lives; the secret is the last path segment. */
export const SIGNIN_LINK_PATH = '/connexion/lien/';

/** A new sign-in link: what to store (`id`, `expiresAt`) and what to send (`url`). */
export interface NewSigninLink {
	/** The secret: in the URL only, never stored nor logged. */
	secret: string;
	/** SHA-256 of the secret, the store's key for the link. */
	id: string;
	url: string;
	expiresAt: string;
}

/**
 * Makes a reminder's sign-in link with the same secret and hash as the invitation links (256
 * random bits, base64url, so `isLinkSecret` checks it too). Storing it is the caller's work.
 */
export function newSigninLink(
	origin: string,
	now = Date.now(),
	ttlMs = SIGNIN_LINK_TTL_MS
): NewSigninLink {
	const secret = randomToken();
	return {
		secret,
		id: digest(secret),
		url: `${origin}${SIGNIN_LINK_PATH}${secret}`,
		expiresAt: signinLinkExpiry(now, ttlMs)
	};
}
