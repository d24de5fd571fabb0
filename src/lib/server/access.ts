import { error } from '@sveltejs/kit';
import { isStaff } from '../domain/roles.ts';
import type { SessionUser } from './auth/sessions.ts';

/**
 * The signed-in staff member, or a 403. Every firm service calls it first: the hooks already keep
 * client users out of `/cabinet`, and this keeps each action safe on its own, whoever calls it.
 */
export function staffOnly(user: SessionUser | null): SessionUser {
	if (!user || !isStaff(user.role)) error(403, 'Accès réservé au cabinet.');
	return user;
}

/** The signed-in administrator, or a 403: staff management is theirs alone. */
export function adminOnly(user: SessionUser | null): SessionUser {
	if (!user || user.role !== 'admin') error(403, 'Réservé aux administrateurs du cabinet.');
	return user;
}
