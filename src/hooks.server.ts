import { redirect, type Handle } from '@sveltejs/kit';
import { redirectFor } from '$lib/server/auth/route-guard';
import { readSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { runtime } from '$lib/server/runtime';

const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY',
	'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
	'cross-origin-opener-policy': 'same-origin'
};

/** Served while no firm exists yet (first run with SEED=none); everything else leads to setup. */
const BEFORE_SETUP = new Set(['/setup', '/healthz']);

export const handle: Handle = async ({ event, resolve }) => {
	if (!BEFORE_SETUP.has(event.url.pathname) && (await runtime().store.isEmpty())) {
		redirect(303, '/setup');
	}
	event.locals.user = await readSession(runtime().store, event.cookies.get(SESSION_COOKIE));
	const target = redirectFor(event.url.pathname, event.locals.user);
	if (target) redirect(303, target);

	const response = await resolve(event);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	return response;
};
