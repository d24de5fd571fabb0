/** What `GET /api/collab-token` answers (DESIGN §7). */
export interface CollabInfo {
	token: string;
	url: string;
	firmId: string;
	clientId: string | null;
	userId: string;
}

/** Thrown when the session is gone: the user must sign in again; nothing local is dropped. */
export class SessionExpiredError extends Error {
	constructor() {
		super('Session expirée');
		this.name = 'SessionExpiredError';
	}
}

export async function fetchCollabInfo(fetcher: typeof fetch = fetch): Promise<CollabInfo> {
	const response = await fetcher('/api/collab-token', {
		credentials: 'same-origin',
		cache: 'no-store'
	});
	if (response.status === 401) throw new SessionExpiredError();
	if (!response.ok) throw new Error(`collab-token: HTTP ${response.status}`);
	return (await response.json()) as CollabInfo;
}

/** `ws(s)://<this host>/collab`: same origin as the page, so the server's Origin check passes. */
export function collabUrl(location: Location, path = '/collab'): string {
	const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
	return `${protocol}//${location.host}${path}`;
}

/**
 * Back to the login page, which returns here afterwards. A full navigation on purpose: the page's
 * state is rebuilt from the documents once the user is signed in again.
 */
export function redirectToLogin(location: Location): void {
	location.assign(`/login?redirect=${encodeURIComponent(location.pathname + location.search)}`);
}
