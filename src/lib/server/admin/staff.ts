import { isStaff } from '../../domain/roles.ts';
import type { Runtime } from '../runtime.ts';
import type { User } from '../store/Store.ts';
import { deactivateUser } from './users.ts';

export type StaffRole = 'admin' | 'collaborator';

export function isStaffRole(value: unknown): value is StaffRole {
	return value === 'admin' || value === 'collaborator';
}

/** A staff member of `firmId` named by id, or null (clients' users and other firms' staff too). */
export async function staffMember(
	rt: Pick<Runtime, 'store'>,
	firmId: string,
	id: unknown
): Promise<User | null> {
	const user = typeof id === 'string' ? await rt.store.getUser(id) : null;
	return user && user.firmId === firmId && isStaff(user.role) ? user : null;
}

/**
 * Why `by` may not change `target`'s role or deactivate it, or null when it may. An administrator
 * never acts on itself this way: the firm always keeps the administrator doing the change, so it
 * can never be left without one.
 */
export function selfChangeRefusal(by: { id: string }, target: User): string | null {
	return by.id === target.id
		? 'Vous ne pouvez pas modifier votre propre rôle ni vous désactiver : demandez-le à un autre administrateur.'
		: null;
}

export async function changeRole(
	rt: Pick<Runtime, 'store'>,
	by: { id: string; firmId: string },
	target: User,
	role: StaffRole
): Promise<string | null> {
	const refusal = selfChangeRefusal(by, target);
	if (refusal) return refusal;
	await rt.store.setStaffRole(target.id, role);
	await rt.store.appendAudit({
		firmId: by.firmId,
		userId: by.id,
		action: 'role-changed',
		target: target.id,
		detail: role
	});
	return null;
}

export async function deactivateStaff(
	rt: Runtime,
	by: { id: string; firmId: string },
	target: User
): Promise<string | null> {
	const refusal = selfChangeRefusal(by, target);
	if (refusal) return refusal;
	await deactivateUser(rt, { firmId: by.firmId, userId: target.id, by: by.id });
	return null;
}
