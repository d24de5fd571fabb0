import type { Store, User } from '../store/Store.ts';
import type { Role } from '../../domain/roles.ts';
import { digest, randomToken } from './tokens.ts';

export const SESSION_COOKIE = 'navette_session';
export const SESSION_TTL_MS = 30 * 24 * 3600_000;
/** Sliding expiry is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 3600_000;

/** The signed-in user as the handlers see it: no password hash, plus the session it came with. */
export interface SessionUser {
	id: string;
	firmId: string;
	name: string;
	email: string;
	role: Role;
	clientId: string | null;
	sessionId: string;
}

/** Starts a session; returns the cookie's secret, which is never stored. */
export async function startSession(
	store: Store,
	userId: string,
	now = Date.now()
): Promise<{ token: string; expires: Date }> {
	const token = randomToken();
	const expires = new Date(now + SESSION_TTL_MS);
	await store.createSession({ id: digest(token), userId, expiresAt: expires.toISOString() });
	// Every sign-in starts here (login, invitation, setup): the contact lists show the last one.
	await store.recordLogin(userId, new Date(now).toISOString());
	return { token, expires };
}

/** The user behind a cookie, or null when the session is unknown, expired or the user disabled. */
export async function readSession(
	store: Store,
	token: string | undefined,
	now = Date.now()
): Promise<SessionUser | null> {
	if (!token || token.length > 200) return null;
	const id = digest(token);
	const session = await store.getSession(id);
	if (!session) return null;
	const expiresAt = Date.parse(session.expiresAt);
	if (expiresAt <= now) {
		await store.deleteSession(id);
		return null;
	}
	const user = await store.getUser(session.userId);
	if (!user || user.disabledAt) return null;
	if (now - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
		await store.touchSession(id, new Date(now + SESSION_TTL_MS).toISOString());
	}
	return toSessionUser(user, id);
}

export async function endSession(store: Store, token: string | undefined): Promise<string | null> {
	if (!token) return null;
	const id = digest(token);
	await store.deleteSession(id);
	return id;
}

export function toSessionUser(user: User, sessionId: string): SessionUser {
	const { id, firmId, name, email, role, clientId } = user;
	return { id, firmId, name, email, role, clientId, sessionId };
}
