import { describe, expect } from 'vitest';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { LINK_MESSAGES } from '../../src/lib/domain/invitations.ts';
import { issueLink } from '../../src/lib/server/auth/links.ts';
import { digest } from '../../src/lib/server/auth/tokens.ts';
import type { Store, User } from '../../src/lib/server/store/Store.ts';
import { NO_PASSWORD } from '../../src/lib/server/store/store-rules.ts';
import { choosePassword, loginCookie } from '../helpers/http.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { SpawnedNavette } from '../helpers/spawn.ts';

/**
 * Single-use links against the real `npm start` process. The test opens the same SQLite file (WAL
 * allows a second process) to invite contacts, as the firm's pages will.
 */
let server: SpawnedNavette;
let store: Store;
let origin: string;
let clientId: string;
let firmId: string;

test.beforeAll(async ({ fileTempDir, fileSpawnNavette, fileOpenStore }) => {
	server = await fileSpawnNavette({ dataDir: fileTempDir });
	origin = server.origin;
	store = await fileOpenStore({ dataDir: fileTempDir });
	const claire = (await store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
	firmId = claire.firmId;
	clientId = (await store.listClients(firmId))[0]!.id;
});

let count = 0;
async function invitedContact(): Promise<User> {
	count++;
	return store.createUser({
		firmId,
		clientId,
		role: 'client',
		name: `Contact ${count}`,
		email: `contact${count}@client.fr`,
		passwordHash: NO_PASSWORD
	});
}

async function invite(user: User, now = Date.now()): Promise<string> {
	const { url } = await issueLink(
		store,
		{ userId: user.id, purpose: 'invite', createdBy: null, origin },
		now
	);
	return url.slice(origin.length);
}

const PASSWORD = 'mon-mot-de-passe';

describe('invitation links', () => {
	it('is not consumed by opening it, sets the password once, then lands on the portal', async () => {
		const contact = await invitedContact();
		const path = await invite(contact);
		await expect(loginCookie(origin, contact.email, PASSWORD)).rejects.toThrow();
		for (let i = 0; i < 2; i++) {
			const page = await fetch(`${origin}${path}`);
			expect(page.status).toBe(200);
			expect(await page.text()).toContain(`Bonjour ${contact.name}`);
		}
		const mismatch = await choosePassword(`${origin}${path}`, PASSWORD, 'autre-mot-de-passe');
		expect(mismatch.status).toBe(400);
		expect(await mismatch.text()).toContain('ne sont pas identiques');

		const done = await choosePassword(`${origin}${path}`, PASSWORD);
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('/portail');
		const cookie = done.headers.getSetCookie().find((c) => c.startsWith('navette_session='))!;
		const portal = await fetch(`${origin}/portail`, {
			headers: { cookie: cookie.split(';')[0]! },
			redirect: 'manual'
		});
		expect(portal.status).toBe(200);
		expect(await loginCookie(origin, contact.email, PASSWORD)).toMatch(/^navette_session=/);

		const reopened = await fetch(`${origin}${path}`);
		expect(await reopened.text()).toContain(LINK_MESSAGES.used);
		const reused = await choosePassword(`${origin}${path}`, 'un-autre-mot-de-passe');
		expect(reused.status).toBe(400);
		expect(await loginCookie(origin, contact.email, PASSWORD)).toMatch(/^navette_session=/);
	});

	it('refuses an expired link with a clear message', async () => {
		const contact = await invitedContact();
		const path = await invite(contact, Date.now() - 8 * 24 * 3600_000);
		expect(await (await fetch(`${origin}${path}`)).text()).toContain('Ce lien a expiré');
		const attempt = await choosePassword(`${origin}${path}`, PASSWORD);
		expect(attempt.status).toBe(400);
		expect(await attempt.text()).toContain('Ce lien a expiré');
		expect((await store.getUser(contact.id))?.passwordHash).toBe(NO_PASSWORD);
	});

	it('refuses a link revoked by a resend, and a revoked one', async () => {
		const contact = await invitedContact();
		const first = await invite(contact);
		const second = await invite(contact);
		expect(await (await fetch(`${origin}${first}`)).text()).toContain('Ce lien a été annulé');
		await store.revokeLinks(contact.id);
		const attempt = await choosePassword(`${origin}${second}`, PASSWORD);
		expect(attempt.status).toBe(400);
		expect(await attempt.text()).toContain('Ce lien a été annulé');
		expect((await store.getUser(contact.id))?.passwordHash).toBe(NO_PASSWORD);
	});

	it('refuses a tampered or malformed link', async () => {
		const contact = await invitedContact();
		const path = await invite(contact);
		const secret = path.split('/').at(-1)!;
		const flipped = (secret[0] === 'A' ? 'B' : 'A') + secret.slice(1);
		expect(await store.getLink(digest(flipped))).toBeNull();
		for (const bad of [`/invitation/${flipped}`, `/invitation/${secret}x`, '/invitation/abc']) {
			expect(await (await fetch(`${origin}${bad}`)).text(), bad).toContain(
				'Ce lien n’est pas valide'
			);
			const attempt = await choosePassword(`${origin}${bad}`, PASSWORD);
			expect(attempt.status, bad).toBe(400);
		}
		expect((await store.getUser(contact.id))?.passwordHash).toBe(NO_PASSWORD);
	});
});
