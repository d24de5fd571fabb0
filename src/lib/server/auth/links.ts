import { linkExpiry, type LinkPurpose } from '../../domain/invitations.ts';
import type { Store } from '../store/Store.ts';
import { digest, randomToken } from './tokens.ts';

/** Where a link's page lives; the secret is the last path segment. */
export const LINK_PATH = '/invitation/';

/**
 * Makes a single-use link for a user (invitation or password reset) and revokes the previous
 * pending one of the same purpose. Returns the secret, which is never stored (only its SHA-256),
 * and the absolute URL to send or show.
 */
export async function issueLink(
	store: Store,
	input: { userId: string; purpose: LinkPurpose; createdBy: string | null; origin: string },
	now = Date.now()
): Promise<{ secret: string; url: string; expiresAt: string }> {
	const secret = randomToken();
	const link = await store.createLink({
		id: digest(secret),
		userId: input.userId,
		purpose: input.purpose,
		createdBy: input.createdBy,
		expiresAt: linkExpiry(now)
	});
	return { secret, url: `${input.origin}${LINK_PATH}${secret}`, expiresAt: link.expiresAt };
}
