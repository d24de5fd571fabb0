/** Signs in through `POST /login` as a script would (DESIGN §7) and returns the session cookie. */
export async function loginCookie(
	origin: string,
	email: string,
	password: string
): Promise<string> {
	const response = await fetch(`${origin}/login`, {
		method: 'POST',
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password }),
		redirect: 'manual'
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('navette_session='));
	if (!cookie) throw new Error(`Login failed for ${email}: HTTP ${response.status}`);
	return cookie.split(';')[0]!;
}

/** `GET /api/collab-token` with a session cookie. */
export async function collabToken(
	origin: string,
	cookie: string
): Promise<Record<string, unknown>> {
	const response = await fetch(`${origin}/api/collab-token`, { headers: { cookie } });
	if (!response.ok) throw new Error(`collab-token: HTTP ${response.status}`);
	return (await response.json()) as Record<string, unknown>;
}
