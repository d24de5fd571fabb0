import { request } from 'node:http';
import { describe, expect } from 'vitest';
import { SIGNIN_LINK_MESSAGES, SIGNIN_LINK_TTL_MS } from '../../src/lib/domain/signin-links.ts';
import {
	deactivateUser,
	reactivateUser,
	revokeUserLinks
} from '../../src/lib/server/admin/users.ts';
import {
	inspectSigninLink,
	issueSigninLink,
	signInWithLink
} from '../../src/lib/server/auth/signin.ts';
import { digest, randomToken } from '../../src/lib/server/auth/tokens.ts';
import { createSigninLinkLimiters } from '../../src/lib/server/runtime.ts';
import type { Store, User } from '../../src/lib/server/store/Store.ts';
import { NO_PASSWORD } from '../../src/lib/server/store/store-rules.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { it, test } from '../helpers/fixtures.ts';
import { collabToken, loginCookie, pageData, postAction } from '../helpers/http.ts';
import type { SpawnedNavette } from '../helpers/spawn.ts';

/**
 * Reminders' sign-in links against the real `npm start` process. The test opens the same SQLite
 * file (WAL allows a second process) to issue links through the service, as the reminders will.
 * Each test speaks from a loopback address of its own (127.0.0.x), so that the per-address limit
 * of links that open nothing is counted per test.
 */
let server: SpawnedNavette;
let store: Store;
let origin: string;
let firmId: string;
let clientId: string;
let claire: User;
/** Every secret issued here: none may appear in the server's output. */
const secrets: string[] = [];
const rt = () => ({
	store,
	origin,
	signinLinkFailures: createSigninLinkLimiters(),
	closeSessionConnections: () => {},
	closeUserConnections: () => {}
});

test.beforeAll(async ({ fileTempDir, fileSpawnNavette, fileOpenStore }) => {
	server = await fileSpawnNavette({ dataDir: fileTempDir });
	origin = server.origin;
	store = await fileOpenStore({ dataDir: fileTempDir });
	claire = (await store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
	firmId = claire.firmId;
	clientId = (await store.getUserByEmail(DEMO_ACCOUNTS.sophie))!.clientId!;
});

let count = 0;
async function invitedContact(): Promise<User> {
	count++;
	return store.createUser({
		firmId,
		clientId,
		role: 'client',
		name: `Contact Lien ${count}`,
		email: `contact-lien${count}@alterce.fr`,
		passwordHash: NO_PASSWORD
	});
}

/** Issues a link through the service, `now` moved as the test needs; returns its path. */
async function issue(contact: User, now = Date.now()): Promise<string> {
	const link = await issueSigninLink(rt(), contact.id, { by: claire.id, now });
	if (!link) throw new Error(`No link for ${contact.email}`);
	const path = new URL(link.url).pathname;
	secrets.push(path.split('/').at(-1)!);
	return path;
}

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	cookie: string | null;
}

let lastAddress = 10;
/** A fresh source address for one test. */
const newAddress = () => `127.0.0.${++lastAddress}`;

/** A browser's GET or form POST (no JavaScript) from `address`, redirects not followed. */
function send(
	address: string,
	method: 'GET' | 'POST',
	path: string,
	cookie?: string
): Promise<Answer> {
	const { hostname, port } = new URL(origin);
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: hostname === 'localhost' ? '127.0.0.1' : hostname,
				port,
				path,
				method,
				localAddress: address,
				headers: {
					accept: 'text/html',
					...(cookie ? { cookie } : {}),
					...(method === 'POST'
						? { origin, 'content-type': 'application/x-www-form-urlencoded' }
						: {})
				}
			},
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (body += chunk));
				res.on('end', () => {
					const session = (res.headers['set-cookie'] ?? []).find((c) =>
						c.startsWith('navette_session=')
					);
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body,
						cookie: session ? session.split(';')[0]! : null
					});
				});
			}
		);
		req.on('error', reject);
		req.end(method === 'POST' ? '' : undefined);
	});
}

async function auditOf(target: string) {
	return (await store.listAudit(firmId, 500)).filter((entry) => entry.target === target);
}

describe('sign-in links', () => {
	it('opens the portal of a contact invited but never signed in, through a page and its button', async () => {
		const address = newAddress();
		const contact = await invitedContact();
		const path = await issue(contact);
		expect(path).toMatch(/^\/connexion\/lien\/[A-Za-z0-9_-]{43}$/);
		expect(await store.getSigninLink(digest(path.split('/').at(-1)!))).not.toBeNull();

		const page = await send(address, 'GET', path);
		expect(page.status).toBe(200);
		expect(page.body).toContain('Accéder à mon espace');
		expect(page.body).toContain(contact.name);
		expect(page.body).toContain('Cabinet Martin &amp; Associés');
		expect(page.headers['referrer-policy']).toBe('no-referrer');
		expect(page.headers['cache-control']).toBe('no-store');
		// Opening the page (a mail scanner does) signs nobody in.
		expect(page.cookie).toBeNull();
		expect((await store.getUser(contact.id))?.lastLoginAt).toBeNull();

		const used = await send(address, 'POST', path);
		expect(used.status).toBe(303);
		expect(used.headers.location).toBe('/portail');
		expect(used.headers['referrer-policy']).toBe('no-referrer');
		expect(used.cookie).toMatch(/^navette_session=/);
		const token = await collabToken(origin, used.cookie!);
		expect(token).toMatchObject({ clientId, userId: contact.id, firmId });
		expect((await send(address, 'GET', '/portail', used.cookie!)).status).toBe(200);
		// A client session: the firm's pages lead back to the portal, never to firm data.
		const cabinet = await send(address, 'GET', '/cabinet/taches', used.cookie!);
		expect(cabinet.status).toBe(303);
		expect(cabinet.headers.location).toBe('/portail');
		// Still no password: the link signs in, it does not set one.
		expect((await store.getUser(contact.id))?.passwordHash).toBe(NO_PASSWORD);
		expect((await store.getUser(contact.id))?.lastLoginAt).not.toBeNull();

		const entries = await auditOf(contact.id);
		expect(entries.map((entry) => [entry.action, entry.userId])).toEqual(
			expect.arrayContaining([
				['signin-link.issue', claire.id],
				['signin-link.use', contact.id]
			])
		);
	});

	it('opens again until it expires (phone, then computer), and a new link leaves the older one working', async () => {
		const address = newAddress();
		const contact = await invitedContact();
		// Issued almost seven days ago: a minute of validity left.
		const older = await issue(contact, Date.now() - SIGNIN_LINK_TTL_MS + 60_000);
		const newer = await issue(contact);
		for (const path of [older, older, newer]) {
			expect((await send(address, 'GET', path)).body).toContain('Accéder à mon espace');
			const used = await send(address, 'POST', path);
			expect(used.status).toBe(303);
			expect((await collabToken(origin, used.cookie!)).userId).toBe(contact.id);
		}
		const link = await store.getSigninLink(digest(older.split('/').at(-1)!));
		expect(link?.usedAt).not.toBeNull();
		expect(link?.revokedAt).toBeNull();

		// The service takes the time: one millisecond past the expiry, the same link opens nothing.
		const secret = older.split('/').at(-1)!;
		const late = await signInWithLink(rt(), secret, {
			address,
			now: Date.parse(link!.expiresAt) + 1
		});
		expect(late).toMatchObject({ ok: false, state: 'expired' });
	});

	it('refuses an expired link with its message and no session', async () => {
		const address = newAddress();
		const contact = await invitedContact();
		const path = await issue(contact, Date.now() - SIGNIN_LINK_TTL_MS - 1000);
		await expectRefused(address, path, SIGNIN_LINK_MESSAGES.expired);
		expect((await store.getUser(contact.id))?.lastLoginAt).toBeNull();
	});

	it('refuses a tampered, unknown or malformed link', async () => {
		const address = newAddress();
		const contact = await invitedContact();
		const path = await issue(contact);
		const secret = path.split('/').at(-1)!;
		const flipped = (secret[0] === 'A' ? 'B' : 'A') + secret.slice(1);
		const unknown = randomToken();
		for (const bad of [flipped, `${secret}x`, secret.slice(0, -1), unknown, 'abc']) {
			await expectRefused(address, `/connexion/lien/${bad}`, SIGNIN_LINK_MESSAGES.unknown);
		}
		expect((await store.getUser(contact.id))?.lastLoginAt).toBeNull();
	});

	it('refuses the links of a contact once the firm revokes them, and once it is deactivated', async () => {
		const address = newAddress();
		const revoked = await invitedContact();
		const used = await issue(revoked);
		expect((await send(address, 'POST', used)).status).toBe(303);
		const unused = await issue(revoked);
		await revokeUserLinks(rt(), { firmId, userId: revoked.id, by: claire.id });
		for (const path of [used, unused]) {
			await expectRefused(address, path, SIGNIN_LINK_MESSAGES.revoked);
		}
		expect((await auditOf(revoked.id)).map((entry) => entry.action)).toContain('link.revoke');

		const gone = await invitedContact();
		const path = await issue(gone);
		await deactivateUser(rt(), { firmId, userId: gone.id, by: claire.id });
		await expectRefused(address, path, SIGNIN_LINK_MESSAGES.inactive);
		expect(await issueSigninLink(rt(), gone.id)).toBeNull();
		// Reactivated, the contact signs in anew: its old links stay void.
		await reactivateUser(rt(), { firmId, userId: gone.id, by: claire.id });
		await expectRefused(address, path, SIGNIN_LINK_MESSAGES.revoked);
	});

	it('shows the firm which contacts hold a live link, and « Révoquer les liens » voids them', async () => {
		const address = newAddress();
		const contact = await invitedContact();
		const path = await issue(contact);
		const cookie = await loginCookie(origin, DEMO_ACCOUNTS.claire, DEMO_PASSWORD);
		const page = `/cabinet/clients/${clientId}`;
		const rowOf = async () => {
			const contacts = (await pageData(origin, cookie, page)).at(-1)!.contacts as {
				id: string;
				signinLinkExpiresAt: string | null;
			}[];
			return contacts.find((row) => row.id === contact.id)!;
		};
		const link = await store.getSigninLink(digest(path.split('/').at(-1)!));
		expect((await rowOf()).signinLinkExpiresAt).toBe(link!.expiresAt);
		const revoked = await postAction(origin, cookie, page, 'revoke', { userId: contact.id });
		expect(revoked.type).toBe('success');
		expect((await rowOf()).signinLinkExpiresAt).toBeNull();
		await expectRefused(address, path, SIGNIN_LINK_MESSAGES.revoked);
	});

	it("ends the session the browser already had before opening the contact's", async () => {
		const address = newAddress();
		const contact = await invitedContact();
		const path = await issue(contact);
		const jean = await loginCookie(origin, DEMO_ACCOUNTS.jean, DEMO_PASSWORD);
		const used = await send(address, 'POST', path, jean);
		expect(used.status).toBe(303);
		expect((await collabToken(origin, used.cookie!)).userId).toBe(contact.id);
		await expect(collabToken(origin, jean)).rejects.toThrow(/HTTP 401/);
	});

	it("never signs in a staff member: no link is issued for one, and a staff account's link is unknown", async () => {
		const address = newAddress();
		expect(await issueSigninLink(rt(), claire.id)).toBeNull();
		const secret = randomToken();
		secrets.push(secret);
		await store.createSigninLink({
			id: digest(secret),
			userId: claire.id,
			createdBy: null,
			expiresAt: new Date(Date.now() + 3600_000).toISOString()
		});
		await expectRefused(address, `/connexion/lien/${secret}`, SIGNIN_LINK_MESSAGES.unknown);
	});

	it('answers 429 from an address after 20 links that opened nothing, valid ones included; other addresses go on', async () => {
		const address = newAddress();
		const contact = await invitedContact();
		const valid = await issue(contact);
		// 20 per address in 15 minutes (createSigninLinkLimiters), counted on GET and POST alike.
		for (let i = 0; i < 10; i++) {
			const bad = `/connexion/lien/${randomToken()}`;
			expect((await send(address, 'GET', bad)).body).toContain('n’est pas valide');
			expect((await send(address, 'POST', bad)).status).toBe(400);
		}
		const page = await send(address, 'GET', valid);
		expect(page.body).toContain('Trop de tentatives');
		expect(page.body).not.toContain('Accéder à mon espace');
		const refused = await send(address, 'POST', valid);
		expect(refused.status).toBe(429);
		expect(refused.cookie).toBeNull();
		expect((await send(newAddress(), 'POST', valid)).status).toBe(303);
	});

	it('never writes a secret to the server output', () => {
		expect(secrets.length).toBeGreaterThan(5);
		const output = server.output.join('\n');
		for (const secret of secrets) expect(output).not.toContain(secret);
	});
});

describe('sign-in links on several instances', () => {
	it('count the links that opened nothing on every instance (Redis), over PostgreSQL', async ({
		tempDir: dataDir,
		pgDatabase: database,
		startNavette
	}) => {
		const env = {
			DATABASE_URL: database.url,
			REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
			REDIS_PREFIX: `navette-test-${crypto.randomUUID()}`
		};
		const a = await startNavette({ dataDir, env });
		const b = await startNavette({ dataDir, env });
		const sophie = (await a.navette.store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
		const link = (await issueSigninLink(a.navette.runtime, sophie.id))!;
		const secret = link.url.split('/').at(-1)!;
		secrets.push(secret);
		const address = '203.0.113.9';
		// Made on instance a, used on instance b: one database.
		expect(await inspectSigninLink(b.navette.runtime, secret, { address })).toMatchObject({
			state: 'valid',
			contactName: 'Sophie Leroy',
			firmName: 'Cabinet Martin & Associés'
		});
		for (const server of [a, b, a, b, a, b, a, b, a, b]) {
			const bad = { address };
			expect(await inspectSigninLink(server.navette.runtime, randomToken(), bad)).toMatchObject({
				state: 'unknown'
			});
			expect(await signInWithLink(server.navette.runtime, randomToken(), bad)).toMatchObject({
				ok: false,
				status: 400
			});
		}
		for (const server of [a, b]) {
			expect(await signInWithLink(server.navette.runtime, secret, { address })).toMatchObject({
				ok: false,
				status: 429,
				state: 'limited'
			});
		}
		const other = await signInWithLink(b.navette.runtime, secret, { address: '203.0.113.10' });
		expect(other).toMatchObject({ ok: true, user: { id: sophie.id } });
		const stored = await a.navette.store.getSigninLink(digest(secret));
		expect(stored?.usedAt).not.toBeNull();
	});
});

/** The page says why, its button is gone, a way to sign in is offered; the POST opens nothing. */
async function expectRefused(address: string, path: string, message: string): Promise<void> {
	const page = await send(address, 'GET', path);
	expect(page.status, path).toBe(200);
	expect(page.body, path).toContain(message);
	expect(page.body, path).toMatch(
		/<a [^>]*href="[./]*\/?login">Se connecter avec un mot de passe</
	);
	expect(page.body, path).not.toContain('Accéder à mon espace');
	expect(page.cookie, path).toBeNull();
	const attempt = await send(address, 'POST', path);
	expect(attempt.status, path).toBe(400);
	expect(attempt.body, path).toContain(message);
	expect(attempt.cookie, path).toBeNull();
}
