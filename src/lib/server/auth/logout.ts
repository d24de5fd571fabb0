import { audit } from '../audit.ts';
import type { Runtime } from '../runtime.ts';
import { endSession, type SessionUser } from './sessions.ts';

/** Ends the session of that cookie and the sync connections opened with it; audited. */
export async function logout(
	rt: Pick<Runtime, 'store' | 'closeSessionConnections'>,
	user: SessionUser | null,
	cookie: string | undefined
): Promise<void> {
	const sessionId = await endSession(rt.store, cookie);
	if (!sessionId) return;
	rt.closeSessionConnections(sessionId);
	if (user) await audit(rt.store, user, 'auth.logout', null);
}
