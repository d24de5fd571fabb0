import { describe, expect } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { collabToken, loginCookie } from '../helpers/http.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { SpawnedNavette } from '../helpers/spawn.ts';

/** The HTTP contract of DESIGN §7 against the real `npm start` process. */
let server: SpawnedNavette;
let origin: string;

test.beforeAll(async ({ fileTempDir, fileSpawnNavette }) => {
	server = await fileSpawnNavette({ dataDir: fileTempDir });
	origin = server.origin;
});

function postLogin(email: string, password: string, from = origin) {
	return fetch(`${origin}/login`, {
		method: 'POST',
		headers: {
			origin: from,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email, password }),
		redirect: 'manual'
	});
}

describe('HTTP contract', () => {
	it('answers /healthz once the store is open', async () => {
		const response = await fetch(`${origin}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true });
	});

	it('prints the demo logins on first start', () => {
		expect(server.output.join('\n')).toContain(DEMO_ACCOUNTS.sophie);
	});

	it('sets an HttpOnly, SameSite=Lax session cookie on login and redirects by role', async () => {
		const staff = await postLogin(DEMO_ACCOUNTS.paul, DEMO_PASSWORD);
		expect(staff.status).toBe(303);
		expect(staff.headers.get('location')).toBe('/cabinet/taches');
		const cookie = staff.headers.getSetCookie().find((c) => c.startsWith('navette_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).not.toMatch(/Secure/i);

		const client = await postLogin(DEMO_ACCOUNTS.jean, DEMO_PASSWORD);
		expect(client.headers.get('location')).toBe('/portail');
	});

	it('refuses a wrong password with a French message and no cookie', async () => {
		const response = await postLogin(DEMO_ACCOUNTS.claire, 'mauvais-mot-de-passe');
		expect(response.status).toBe(401);
		expect(response.headers.getSetCookie()).toEqual([]);
		expect(await response.text()).toContain('Adresse e-mail ou mot de passe incorrect.');
	});

	it('refuses a login form posted from another site', async () => {
		const response = await postLogin(DEMO_ACCOUNTS.claire, DEMO_PASSWORD, 'https://evil.example');
		expect(response.status).toBe(403);
		expect(response.headers.getSetCookie()).toEqual([]);
	});

	it('refuses any write from another site or with no Origin: JSON, forms, logout', async () => {
		const cookie = await loginCookie(origin, DEMO_ACCOUNTS.paul, DEMO_PASSWORD);
		const attempts: { path: string; headers: Record<string, string>; body?: string }[] = [
			{ path: '/logout', headers: { origin: 'https://evil.example', cookie } },
			{ path: '/logout', headers: { cookie } },
			{
				path: '/api/collab-token',
				headers: { origin: 'https://evil.example', cookie, 'content-type': 'application/json' },
				body: '{}'
			},
			{
				path: '/login',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: 'email=x&password=y'
			}
		];
		for (const { path, headers, body } of attempts) {
			const response = await fetch(`${origin}${path}`, {
				method: 'POST',
				headers,
				body,
				redirect: 'manual'
			});
			expect(response.status, path).toBe(403);
		}
		// The session survived the forged logouts.
		expect((await collabToken(origin, cookie)).userId).toBeTruthy();
	});

	it('slows down guessing: past five failures, even the right password must wait', async () => {
		const email = DEMO_ACCOUNTS.sophie;
		for (let i = 0; i < 5; i++) expect((await postLogin(email, `essai-${i}`)).status).toBe(401);
		const blocked = await postLogin(email, DEMO_PASSWORD);
		expect(blocked.status).toBe(429);
		expect(await blocked.text()).toContain('Trop de tentatives de connexion');
	});

	it('gives a collab token only to a session, with the contract’s fields', async () => {
		expect((await fetch(`${origin}/api/collab-token`)).status).toBe(401);
		const cookie = await loginCookie(origin, DEMO_ACCOUNTS.jean, DEMO_PASSWORD);
		const info = await collabToken(origin, cookie);
		expect(Object.keys(info).sort()).toEqual(['clientId', 'firmId', 'token', 'url', 'userId']);
		expect(info.url).toBe('/collab');
		expect(typeof info.clientId).toBe('string');
	});

	it('keeps client users out of /cabinet and anonymous visitors out of both areas', async () => {
		const cookie = await loginCookie(origin, DEMO_ACCOUNTS.jean, DEMO_PASSWORD);
		const asClient = await fetch(`${origin}/cabinet/taches`, {
			headers: { cookie },
			redirect: 'manual'
		});
		expect(asClient.status).toBe(303);
		expect(asClient.headers.get('location')).toBe('/portail');
		const data = await fetch(`${origin}/cabinet/__data.json`, {
			headers: { cookie },
			redirect: 'manual'
		});
		expect(await data.text()).not.toContain('Alter Ce');
		const anonymous = await fetch(`${origin}/portail`, { redirect: 'manual' });
		expect(anonymous.headers.get('location')).toBe('/login?redirect=%2Fportail');
	});

	it('ends the session on logout', async () => {
		const cookie = await loginCookie(origin, DEMO_ACCOUNTS.claire, DEMO_PASSWORD);
		const logout = await fetch(`${origin}/logout`, {
			method: 'POST',
			headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
			redirect: 'manual'
		});
		expect(logout.status).toBe(303);
		const after = await fetch(`${origin}/api/collab-token`, { headers: { cookie } });
		expect(after.status).toBe(401);
	});

	it('sends security headers with pages', async () => {
		const response = await fetch(`${origin}/login`);
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(response.headers.get('referrer-policy')).toBe('same-origin');
	});
});
