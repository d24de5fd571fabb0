import { describe, expect } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { loginCookie, pageData, postAction, redeemLink } from '../helpers/http.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';
import type { SpawnedNavette } from '../helpers/spawn.ts';

/**
 * Invitations and resets e-mailed through a real SMTP server (smtp-server), by the real process;
 * the file's `sink` is closed after its last test.
 */
let sink: SmtpSink;
let server: SpawnedNavette;
let origin: string;
let claire: string;

test.beforeAll(async ({ fileTempDir, fileSmtpSink, fileSpawnNavette }) => {
	sink = await fileSmtpSink();
	server = await fileSpawnNavette({
		dataDir: fileTempDir,
		env: { SMTP_URL: sink.url, MAIL_FROM: 'Cabinet Martin <navette@cabinet-martin.fr>' }
	});
	origin = server.origin;
	claire = await loginCookie(origin, DEMO_ACCOUNTS.claire, DEMO_PASSWORD);
});

/**
 * The single-use link in the last of `count` mails to `address` with a link to set a password,
 * once it has arrived. Others are left out: on a working day, the demo's reminders go out at
 * start, and Sophie gets hers.
 */
async function linkMailedTo(address: string, count = 1): Promise<string> {
	const mails = () =>
		sink.to(address).filter((mail) => mail.text?.includes(`${origin}/invitation/`));
	await expect.poll(() => mails().length, { timeout: 5000 }).toBe(count);
	const mail = mails().at(-1)!;
	const link = new RegExp(`${origin}/invitation/[A-Za-z0-9_-]{43}`).exec(mail.text ?? '')?.[0];
	expect(link, mail.text).toBeDefined();
	expect(mail.html).toContain(`href="${link}"`);
	return link!;
}

async function forgot(email: string) {
	const response = await fetch(`${origin}/mot-de-passe-oublie`, {
		method: 'POST',
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email })
	});
	return { status: response.status, html: await response.text() };
}

describe('e-mail through SMTP_URL', () => {
	it('e-mails a staff invitation instead of showing its link; the link works once', async () => {
		const invited = await postAction(origin, claire, '/cabinet/equipe', 'invite', {
			name: 'Nina Roux',
			email: 'nina.roux@cabinet-martin.fr',
			role: 'collaborator'
		});
		expect(invited.data).toEqual({
			purpose: 'invite',
			delivery: { sentTo: 'nina.roux@cabinet-martin.fr', url: null, mailError: null }
		});
		const link = await linkMailedTo('nina.roux@cabinet-martin.fr');
		const mail = sink.to('nina.roux@cabinet-martin.fr')[0]!;
		expect(mail.subject).toBe('Cabinet Martin & Associés vous invite sur Navette');
		expect(mail.from?.value).toEqual([
			{ name: 'Cabinet Martin', address: 'navette@cabinet-martin.fr' }
		]);
		expect(mail.text).toContain('Bonjour Nina Roux,');

		expect(await redeemLink(link, 'nina-mot-de-passe')).toBe('/cabinet/taches');
		expect(await redeemLink(link, 'nina-mot-de-passe')).toBeNull();
		await loginCookie(origin, 'nina.roux@cabinet-martin.fr', 'nina-mot-de-passe');
	});

	it('e-mails a client contact a password reset started by the firm', async () => {
		const nodes = await pageData(origin, claire, '/cabinet/clients');
		const clients = nodes.at(-1)!.clients as { id: string; name: string }[];
		const alterCe = clients.find((c) => c.name === 'Alter Ce')!.id;
		const page = await pageData(origin, claire, `/cabinet/clients/${alterCe}`);
		const sophie = (page.at(-1)!.contacts as { id: string; email: string }[]).find(
			(c) => c.email === DEMO_ACCOUNTS.sophie
		)!;
		const sent = await postAction(origin, claire, `/cabinet/clients/${alterCe}`, 'sendLink', {
			userId: sophie.id
		});
		expect(sent.data).toMatchObject({ purpose: 'reset', delivery: { sentTo: sophie.email } });
		const link = await linkMailedTo(sophie.email);
		expect(sink.to(sophie.email).map((mail) => mail.subject)).toContain(
			'Réinitialisation de votre mot de passe Navette'
		);
		expect(await redeemLink(link, 'sophie-nouveau-mdp')).toBe('/portail');
		await expect(loginCookie(origin, DEMO_ACCOUNTS.sophie, DEMO_PASSWORD)).rejects.toThrow();
	});

	it('« Mot de passe oublié » answers the same for any address and mails only accounts', async () => {
		const jean = await loginCookie(origin, DEMO_ACCOUNTS.jean, DEMO_PASSWORD);
		const neutral = 'Si un compte existe pour';
		const unknown = await forgot('personne@example.fr');
		expect(unknown.status).toBe(200);
		expect(unknown.html).toContain(neutral);
		const known = await forgot(DEMO_ACCOUNTS.jean);
		expect(known.html).toContain(neutral);
		const link = await linkMailedTo(DEMO_ACCOUNTS.jean);
		expect(sink.to('personne@example.fr')).toEqual([]);

		// Setting the new password ends the session opened with the old one.
		expect(await redeemLink(link, 'jean-nouveau-mdp')).toBe('/portail');
		const old = await fetch(`${origin}/portail`, { headers: { cookie: jean }, redirect: 'manual' });
		expect(old.headers.get('location')).toMatch(/^\/login/);

		// Three requests an hour per address; the fourth is refused, and sends nothing.
		await forgot(DEMO_ACCOUNTS.jean);
		await forgot(DEMO_ACCOUNTS.jean);
		await linkMailedTo(DEMO_ACCOUNTS.jean, 3);
		const flood = await forgot(DEMO_ACCOUNTS.jean);
		expect(flood.status).toBe(429);
		expect(flood.html).toContain('Trop de demandes');
		expect(sink.to(DEMO_ACCOUNTS.jean)).toHaveLength(3);
	});

	it('shows the link to copy, and says so, when the SMTP server cannot be reached', async () => {
		await sink.close();
		const invited = await postAction(origin, claire, '/cabinet/equipe', 'invite', {
			name: 'Omar Said',
			email: 'omar.said@cabinet-martin.fr',
			role: 'collaborator'
		});
		expect(invited.data).toMatchObject({
			delivery: {
				sentTo: null,
				url: expect.stringMatching(/\/invitation\//),
				mailError: 'L’e-mail n’a pas pu être envoyé. Transmettez ce lien vous-même :'
			}
		});
	});
});
