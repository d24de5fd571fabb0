import { describe, expect } from 'vitest';
import { loginCookie } from '../helpers/http.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { SpawnedNavette } from '../helpers/spawn.ts';

/** First run on an empty data folder with SEED=none: the setup page, once. */
let server: SpawnedNavette;
let origin: string;

test.beforeAll(async ({ fileTempDir, fileSpawnNavette }) => {
	server = await fileSpawnNavette({ dataDir: fileTempDir, env: { SEED: 'none' } });
	origin = server.origin;
});

function postSetup(fields: Record<string, string>) {
	return fetch(`${origin}/setup`, {
		method: 'POST',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields),
		redirect: 'manual'
	});
}

const FIRST = {
	firmName: 'Cabinet Neuf',
	name: 'Anne Neuf',
	email: 'anne@cabinet-neuf.fr',
	password: 'un-mot-de-passe'
};

describe('first run (SEED=none)', () => {
	it('prints no demo logins and sends every page to /setup', async () => {
		expect(server.output.join('\n')).not.toContain('navette-demo');
		for (const path of ['/', '/login', '/cabinet/taches', '/portail']) {
			const response = await fetch(`${origin}${path}`, { redirect: 'manual' });
			expect(response.status, path).toBe(303);
			expect(response.headers.get('location'), path).toBe('/setup');
		}
		expect((await fetch(`${origin}/healthz`)).status).toBe(200);
		const page = await fetch(`${origin}/setup`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Créer le cabinet');
	});

	it('refuses an incomplete form with a French message per field, and writes nothing', async () => {
		const response = await postSetup({
			firmName: '',
			name: 'Anne',
			email: 'anne',
			password: 'court'
		});
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Saisissez le nom du cabinet.');
		expect(html).toContain('Adresse e-mail invalide.');
		expect(html).toContain('au moins 10 caractères');
		const still = await fetch(`${origin}/login`, { redirect: 'manual' });
		expect(still.headers.get('location')).toBe('/setup');
	});

	it('creates the firm and its administrator, signs them in, then the page is gone', async () => {
		const response = await postSetup(FIRST);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/cabinet/taches');
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('navette_session='));
		expect(cookie).toMatch(/HttpOnly/i);

		const workspace = await fetch(`${origin}/cabinet/taches`, {
			headers: { cookie: cookie!.split(';')[0]! },
			redirect: 'manual'
		});
		expect(workspace.status).toBe(200);

		expect((await fetch(`${origin}/setup`, { redirect: 'manual' })).status).toBe(404);
		const second = await postSetup({ ...FIRST, email: 'intrus@ailleurs.fr' });
		expect(second.status).toBe(404);
		await expect(loginCookie(origin, 'intrus@ailleurs.fr', FIRST.password)).rejects.toThrow();

		const login = await fetch(`${origin}/login`, { redirect: 'manual' });
		expect(login.status).toBe(200);
		expect(await loginCookie(origin, FIRST.email, FIRST.password)).toMatch(/^navette_session=/);
	});
});
