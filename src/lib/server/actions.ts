import { error } from '@sveltejs/kit';
import { isStaff } from '../domain/roles.ts';
import type { SessionUser } from './auth/sessions.ts';

/**
 * The signed-in staff member, or a 403. Every firm page's load and action calls it: the hooks
 * already keep client users out of `/cabinet`, and this keeps each action safe on its own.
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

/** A form's text fields; a file sent where text is expected is dropped (and then reported missing). */
export function textFields(form: FormData): Record<string, string> {
	return Object.fromEntries(
		[...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string')
	);
}
