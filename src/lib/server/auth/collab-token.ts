import { sign, unsign } from './tokens.ts';

/** Short-lived: the provider asks for a fresh one at each (re)connection. */
export const COLLAB_TOKEN_TTL_MS = 5 * 60_000;

/** What a collab token asserts. The server still checks the session and membership in the store. */
export interface CollabClaims {
	/** Session id (the digest kept in the store), so that ending the session ends the token. */
	sid: string;
	uid: string;
	exp: number;
}

export function issueCollabToken(
	secret: string,
	claims: Omit<CollabClaims, 'exp'>,
	now = Date.now()
): string {
	return sign(secret, { ...claims, exp: now + COLLAB_TOKEN_TTL_MS, purpose: 'collab' });
}

/** The claims of a valid, unexpired collab token, or null. */
export function verifyCollabToken(
	secret: string,
	token: unknown,
	now = Date.now()
): CollabClaims | null {
	const payload = unsign(secret, token);
	if (typeof payload !== 'object' || payload === null) return null;
	const { sid, uid, exp, purpose } = payload as Record<string, unknown>;
	if (purpose !== 'collab' || typeof sid !== 'string' || typeof uid !== 'string') return null;
	if (typeof exp !== 'number' || exp <= now) return null;
	return { sid, uid, exp };
}
