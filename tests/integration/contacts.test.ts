import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { loginCookie } from '../helpers/http.ts';
import { freePort } from '../helpers/ports.ts';
import { spawnNavette, type SpawnedNavette } from '../helpers/spawn.ts';

/** `/cabinet/clients` actions against the real process: add a contact, invite, accept, deactivate. */
let server: SpawnedNavette;
let origin: string;
const dataDir = mkdtempSync(join(tmpdir(), 'navette-contacts-'));

beforeAll(async () => {
	server = await spawnNavette({ port: await freePort(), dataDir });
	origin = server.origin;
});

afterAll(async () => {
	await server?.kill('SIGTERM');
	rmSync(dataDir, { recursive: true, force: true });
});

/** Posts a named action as `use:enhance` does; answers SvelteKit's JSON action result. */
async function act(cookie: string, action: string, fields: Record<string, string>) {
	const response = await fetch(`${origin}/cabinet/clients?/${action}`, {
		method: 'POST',
		headers: {
			origin,
			cookie,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields),
		redirect: 'manual'
	});
	return { status: response.status, text: await response.text() };
}

async function clientIdOf(cookie: string, name: string): Promise<string> {
	const response = await fetch(`${origin}/cabinet/clients/__data.json`, { headers: { cookie } });
	const text = await response.text();
	const match = new RegExp(`"([0-9a-f-]{36}|[A-Za-z0-9_-]+)","${name}"`).exec(text);
	if (!match) throw new Error(`client ${name} not found in ${text.slice(0, 300)}`);
	return match[1]!;
}

describe('client contacts', () => {
	it('creates a client by its raison sociale, refusing a blank one', async () => {
		const claire = await loginCookie(origin, DEMO_ACCOUNTS.claire, DEMO_PASSWORD);
		const blank = await act(claire, 'createClient', { name: '  ' });
		expect(blank.text).toContain('Saisissez la raison sociale.');
		const created = await act(claire, 'createClient', { name: 'Boulangerie Neuve' });
		expect(created.status).toBe(200);
		expect(await clientIdOf(claire, 'Boulangerie Neuve')).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('adds a contact, invites it, and the contact lands on its portal through the link', async () => {
		const paul = await loginCookie(origin, DEMO_ACCOUNTS.paul, DEMO_PASSWORD);
		const clientId = await clientIdOf(paul, 'Dupont Maçonnerie');

		const bad = await act(paul, 'addContact', { clientId, name: '', email: 'pas-une-adresse' });
		expect(bad.text).toContain('Adresse e-mail invalide.');
		const taken = await act(paul, 'addContact', {
			clientId,
			name: 'Jean',
			email: DEMO_ACCOUNTS.jean
		});
		expect(taken.text).toContain('Cette adresse e-mail est déjà utilisée.');

		const added = await act(paul, 'addContact', {
			clientId,
			name: 'Marie Dupont',
			email: 'marie@dupont-maconnerie.fr'
		});
		expect(added.status, added.text).toBe(200);
		const userId = /[0-9a-f]{8}-[0-9a-f-]{27}/.exec(added.text)![0];

		const invited = await act(paul, 'invite', { userId });
		const link = /\/invitation\/[A-Za-z0-9_-]{43}/.exec(invited.text)?.[0];
		expect(link).toBeDefined();

		const accepted = await fetch(`${origin}${link}`, {
			method: 'POST',
			headers: {
				origin,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ password: 'marie-mot-de-passe', confirm: 'marie-mot-de-passe' }),
			redirect: 'manual'
		});
		expect(accepted.headers.get('location')).toBe('/portail');
		const marie = await loginCookie(origin, 'marie@dupont-maconnerie.fr', 'marie-mot-de-passe');

		// A client user never reaches the firm's pages nor its actions.
		const foreign = await act(marie, 'invite', { userId });
		expect(JSON.parse(foreign.text)).toMatchObject({ type: 'redirect', location: '/portail' });
		expect(foreign.text).not.toContain('/invitation/');

		const off = await act(paul, 'deactivate', { userId });
		expect(off.status).toBe(200);
		await expect(
			loginCookie(origin, 'marie@dupont-maconnerie.fr', 'marie-mot-de-passe')
		).rejects.toThrow();
		const portal = await fetch(`${origin}/portail`, {
			headers: { cookie: marie },
			redirect: 'manual'
		});
		expect(portal.headers.get('location')).toMatch(/^\/login/);
	});
});
