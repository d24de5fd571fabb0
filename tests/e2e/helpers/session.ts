import { expect, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../../server/seed.ts';

/** Signs in through the login page, as a person does. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

/**
 * A separate browser profile (its own cookies and IndexedDB) signed in as `email`, on the main
 * test server or on the one at `baseURL`.
 */
export async function signedInPage(
	browser: Browser,
	email: string,
	path?: string,
	baseURL?: string
): Promise<Page> {
	const context = await browser.newContext(baseURL ? { baseURL } : {});
	const page = await context.newPage();
	await signIn(page, email);
	if (path) await page.goto(path);
	return page;
}

/** The row of the task summary whose title is exactly `title`. */
export function taskRow(page: Page, title: string) {
	return page
		.locator('tbody tr[data-task-id]')
		.filter({ has: page.getByRole('link', { name: title, exact: true }) });
}
