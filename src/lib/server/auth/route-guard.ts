import { isStaff } from '../../domain/roles.ts';
import type { SessionUser } from './sessions.ts';

/** Where a user's work is: staff in the firm's workspace, client users in their portal. */
export function homeOf(user: SessionUser): string {
	return isStaff(user.role) ? '/cabinet/taches' : '/portail';
}

/**
 * Where to send a request for `path` instead of serving it, or null to serve it. `/cabinet` is for
 * staff only, `/portail` for client users only; a client user who asks for a firm page is sent to
 * its portal and never sees firm data.
 */
export function redirectFor(path: string, user: SessionUser | null): string | null {
	const area = areaOf(path);
	if (!area) return null;
	if (!user) return `/login?redirect=${encodeURIComponent(path)}`;
	if (area === 'cabinet' && !isStaff(user.role)) return '/portail';
	if (area === 'portail' && user.role !== 'client') return '/cabinet/taches';
	return null;
}

function areaOf(path: string): 'cabinet' | 'portail' | null {
	if (path === '/cabinet' || path.startsWith('/cabinet/')) return 'cabinet';
	if (path === '/portail' || path.startsWith('/portail/')) return 'portail';
	return null;
}

/** A post-login destination taken from the URL: a local path only, never another site. */
export function safeRedirect(target: string | null, user: SessionUser): string {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.includes('\\')) {
		return homeOf(user);
	}
	return redirectFor(target, user) === null ? target : homeOf(user);
}
