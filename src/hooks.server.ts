import { redirect, type Handle } from '@sveltejs/kit';
import { redirectFor } from '$lib/server/auth/route-guard';
import { readSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { SIGNIN_LINK_PATH } from '$lib/server/auth/signin-link';
import { hasRuntime, runtime } from '$lib/server/runtime';

const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY',
	'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
	'cross-origin-opener-policy': 'same-origin'
};

/** Pages whose URL holds a secret: no Referer may carry it away, no cache may keep the page. */
const SECRET_URL_HEADERS: Record<string, string> = {
	'referrer-policy': 'no-referrer',
	'cache-control': 'no-store'
};

/** Bodies larger than this are refused, except on upload routes (which stream, with their own limit). */
const BODY_LIMIT = 1024 * 1024;
const UPLOAD_ROUTE = /^\/api\/clients\/[^/]+\/requests\/[^/]+\/documents$/;

/** Methods that change nothing; every other request must come from the app's own pages. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Served while no firm exists yet (first run with SEED=none); everything else leads to setup. */
const BEFORE_SETUP = new Set(['/setup', '/healthz']);
/** Once a firm exists the store is never empty again: no need to ask it at every request. */
let setUp = false;

export const handle: Handle = async ({ event, resolve }) => {
	// `npm run dev` may serve a page before the entry has opened the store.
	if (!hasRuntime()) return new Response('Navette démarre…', { status: 503 });
	const rt = runtime();
	event.locals.runtime = rt;
	// SvelteKit checks the Origin of form posts only; a JSON or any other write from another
	// site (or with no Origin, which browsers always send on writes) is refused here.
	if (
		!SAFE_METHODS.has(event.request.method) &&
		event.request.headers.get('origin') !== rt.origin
	) {
		return new Response('Origine refusée.', { status: 403 });
	}
	if (event.request.body && !UPLOAD_ROUTE.test(event.url.pathname)) {
		const length = Number(event.request.headers.get('content-length') ?? NaN);
		if (!(length <= BODY_LIMIT)) {
			return new Response('Requête trop volumineuse.', { status: 413 });
		}
	}
	if (!setUp && !BEFORE_SETUP.has(event.url.pathname)) {
		setUp = !(await rt.store.isEmpty());
		if (!setUp) redirect(303, '/setup');
	}
	event.locals.user = await readSession(rt.store, event.cookies.get(SESSION_COOKIE));
	const target = redirectFor(event.url.pathname, event.locals.user);
	if (target) redirect(303, target);

	const response = await resolve(event);
	if (event.url.pathname.startsWith(SIGNIN_LINK_PATH)) {
		for (const [name, value] of Object.entries(SECRET_URL_HEADERS))
			response.headers.set(name, value);
	}
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	return response;
};
