import { parse, unflatten } from 'devalue';

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

/** What a SvelteKit form action answers to `use:enhance`, its data decoded. */
export interface ActionAnswer {
	httpStatus: number;
	type: 'success' | 'failure' | 'redirect' | 'error';
	status?: number;
	location?: string;
	data?: Record<string, unknown>;
	error?: unknown;
}

/** Posts a named form action as `use:enhance` does (Origin, JSON accept), with fields or a file. */
export async function postAction(
	origin: string,
	cookie: string,
	path: string,
	action: string,
	body: Record<string, string> | FormData
): Promise<ActionAnswer> {
	const form = body instanceof FormData;
	const response = await fetch(`${origin}${path}?/${action}`, {
		method: 'POST',
		headers: {
			origin,
			cookie,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			...(form ? {} : { 'content-type': 'application/x-www-form-urlencoded' })
		},
		body: form ? body : new URLSearchParams(body),
		redirect: 'manual'
	});
	const answer = (await response.json()) as Omit<ActionAnswer, 'httpStatus' | 'data'> & {
		data?: string;
	};
	return {
		...answer,
		httpStatus: response.status,
		data: answer.data ? (parse(answer.data) as Record<string, unknown>) : undefined
	};
}

/** A page's server data (`__data.json`), one decoded object per layout and page, outermost first. */
export async function pageData(
	origin: string,
	cookie: string,
	path: string
): Promise<Record<string, unknown>[]> {
	const [pathname, query] = path.split('?');
	const url = `${origin}${pathname!.replace(/\/$/, '')}/__data.json${query ? `?${query}` : ''}`;
	const response = await fetch(url, { headers: { cookie } });
	if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
	const payload = (await response.json()) as {
		type: string;
		nodes: ({ type: 'data'; data: unknown[] } | null)[];
	};
	if (payload.type !== 'data') throw new Error(`${path}: ${JSON.stringify(payload)}`);
	return payload.nodes.map((node) =>
		node?.type === 'data' ? (unflatten(node.data) as Record<string, unknown>) : {}
	);
}

/** Posts a new password to a single-use link's page as its form does (`url` absolute). */
export function choosePassword(url: string, password: string, confirm = password) {
	return fetch(url, {
		method: 'POST',
		headers: {
			origin: new URL(url).origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ password, confirm }),
		redirect: 'manual'
	});
}

/** {@link choosePassword}, answering where the page then leads (null when it refused). */
export async function redeemLink(url: string, password: string): Promise<string | null> {
	return (await choosePassword(url, password)).headers.get('location');
}
