import type { Runtime } from '../runtime.ts';

/**
 * Deactivates a user (client contact or staff member) of `firmId`: no more login, its sessions
 * deleted, its pending links revoked, and its open sync connections closed at once (an open portal
 * loses its connection within the same turn; its reconnection is refused because its session is
 * gone). False when the user is not of that firm.
 */
export async function deactivateUser(
	rt: Runtime,
	input: { firmId: string; userId: string; by: string | null }
): Promise<boolean> {
	const user = await rt.store.getUser(input.userId);
	if (!user || user.firmId !== input.firmId) return false;
	await rt.store.setUserDisabled(user.id, true);
	await rt.store.deleteUserSessions(user.id);
	await rt.store.revokeLinks(user.id);
	rt.closeUserConnections(user.id);
	await rt.store.appendAudit({
		firmId: user.firmId,
		userId: input.by,
		action: 'user-deactivated',
		target: user.id,
		detail: null
	});
	return true;
}

/**
 * Lets a deactivated user of `firmId` sign in again, with the password it had (its sessions and
 * links stay gone: it signs in anew). False when the user is not of that firm.
 */
export async function reactivateUser(
	rt: Pick<Runtime, 'store'>,
	input: { firmId: string; userId: string; by: string | null }
): Promise<boolean> {
	const user = await rt.store.getUser(input.userId);
	if (!user || user.firmId !== input.firmId) return false;
	await rt.store.setUserDisabled(user.id, false);
	await rt.store.appendAudit({
		firmId: user.firmId,
		userId: input.by,
		action: 'user-reactivated',
		target: user.id,
		detail: null
	});
	return true;
}
