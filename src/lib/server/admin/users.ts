import { audit } from '../audit.ts';
import type { Runtime } from '../runtime.ts';

type UserChange = { firmId: string; userId: string; by: string | null };

/**
 * Deactivates a user (client contact or staff member) of `firmId`: no more login, its sessions
 * deleted, its pending links revoked, and its open sync connections closed at once (an open portal
 * loses its connection within the same turn; its reconnection is refused because its session is
 * gone). False when the user is not of that firm. The contacts and team services check who may.
 */
export async function deactivateUser(
	rt: Pick<Runtime, 'store' | 'closeUserConnections'>,
	input: UserChange
): Promise<boolean> {
	const user = await rt.store.getUser(input.userId);
	if (!user || user.firmId !== input.firmId) return false;
	await rt.store.setUserDisabled(user.id, true);
	await rt.store.deleteUserSessions(user.id);
	await rt.store.revokeLinks(user.id);
	await rt.store.revokeSigninLinks(user.id);
	rt.closeUserConnections(user.id);
	await audit(rt.store, { firmId: user.firmId, id: input.by }, 'user.deactivate', user.id);
	return true;
}

/**
 * Lets a deactivated user of `firmId` sign in again, with the password it had (its sessions and
 * links stay gone: it signs in anew). False when the user is not of that firm.
 */
export async function reactivateUser(
	rt: Pick<Runtime, 'store'>,
	input: UserChange
): Promise<boolean> {
	const user = await rt.store.getUser(input.userId);
	if (!user || user.firmId !== input.firmId) return false;
	await rt.store.setUserDisabled(user.id, false);
	await audit(rt.store, { firmId: user.firmId, id: input.by }, 'user.reactivate', user.id);
	return true;
}

/**
 * Revokes the user's pending links (invitation and reset) and its reminders' sign-in links, used
 * or not: a link already sent then leads nowhere. One `link.revoke` entry for all of them. False
 * when the user is not of that firm.
 */
export async function revokeUserLinks(
	rt: Pick<Runtime, 'store'>,
	input: UserChange
): Promise<boolean> {
	const user = await rt.store.getUser(input.userId);
	if (!user || user.firmId !== input.firmId) return false;
	await rt.store.revokeLinks(user.id);
	await rt.store.revokeSigninLinks(user.id);
	await audit(rt.store, { firmId: user.firmId, id: input.by }, 'link.revoke', user.id);
	return true;
}
