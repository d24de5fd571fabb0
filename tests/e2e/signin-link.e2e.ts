import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { issueSigninLink } from '../../src/lib/server/auth/signin.ts';
import { SQLITE_FILE_NAME } from '../../src/lib/server/store/index.ts';
import { SqliteStore } from '../../src/lib/server/store/SqliteStore.ts';
import { expectNoSeriousA11yViolations } from './helpers/axe.ts';

/**
 * A reminder's sign-in link opened in a browser that never signed in. The link is issued through
 * the service, on the demo server's own database (WAL lets this process open it beside the
 * server), as the reminders will; no page of the app makes one on request.
 */
async function linkForSophie(origin: string): Promise<string> {
	const store = SqliteStore.open(join(process.env.E2E_DATA_DIR!, SQLITE_FILE_NAME));
	try {
		const sophie = (await store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
		const link = await issueSigninLink({ store, origin }, sophie.id);
		return new URL(link!.url).pathname;
	} finally {
		await store.close();
	}
}

test('a browser that never signed in opens Sophie’s link, and lands on her portal without the secret in the address bar', async ({
	browser,
	baseURL
}) => {
	const path = await linkForSophie(baseURL!);
	const secret = path.split('/').at(-1)!;
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(path);
	await expect(page.getByText('Bonjour Sophie Leroy')).toContainText('Cabinet Martin & Associés');
	await expectNoSeriousA11yViolations(page, 'sign-in link page');
	expect(await context.cookies()).toEqual([]);

	await page.getByRole('button', { name: 'Accéder à mon espace' }).click();
	await expect(page).toHaveURL(/\/portail$/);
	expect(page.url()).not.toContain(secret);
	await expect(page.getByRole('listitem', { name: 'Loyer et bail commercial' })).toBeVisible();
	// The link's entry was replaced in the history: Back does not bring the secret back.
	await page.goBack();
	expect(page.url()).not.toContain(secret);
	await context.close();
});

test('a tampered link shows why and leads to the login page', async ({ browser, baseURL }) => {
	const path = await linkForSophie(baseURL!);
	const secret = path.split('/').at(-1)!;
	const tampered = `/connexion/lien/${secret[0] === 'A' ? 'B' : 'A'}${secret.slice(1)}`;
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(tampered);
	await expect(page.getByRole('alert')).toContainText('Ce lien de connexion n’est pas valide');
	await expect(page.getByRole('button', { name: 'Accéder à mon espace' })).toHaveCount(0);
	await expectNoSeriousA11yViolations(page, 'refused sign-in link page');
	await page.getByRole('link', { name: 'Se connecter avec un mot de passe' }).click();
	await expect(page).toHaveURL(/\/login$/);
	await context.close();
});
