import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import type { Status } from '../../../src/lib/domain/status.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../server/seed.ts';

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

/**
 * The status control of a task row: a button that names the status and opens the select
 * (`StatusPicker`).
 */
export function taskStatus(row: Locator) {
	return row.getByRole('button', { name: /^Statut de la tâche/ });
}

/** Changes a task's status from its row, as a person does: opens the select, picks. */
export async function setTaskStatus(row: Locator, status: Status): Promise<void> {
	await taskStatus(row).click();
	await row.getByRole('combobox', { name: /^Statut de la tâche/ }).selectOption(status);
	// Picked, the select gives way to the button again, which keeps the focus.
	await expect(taskStatus(row)).toBeFocused();
}

/**
 * A fresh password-reset link for the contact `contact` of the client `client`, made by Claire on
 * the client's page as the firm makes one. Left unused, it changes nothing: the password stays.
 */
export async function passwordResetLink(
	browser: Browser,
	client: string,
	contact: string
): Promise<string> {
	// At a desk, whatever the calling test's device: the firm's pages are not made for phones.
	const context = await browser.newContext({
		viewport: { width: 1280, height: 720 },
		isMobile: false,
		hasTouch: false
	});
	const claire = await context.newPage();
	await signIn(claire, DEMO_ACCOUNTS.claire);
	await claire.goto('/cabinet/clients');
	await claire.getByRole('link', { name: client }).click();
	await claire
		.getByRole('row', { name: new RegExp(contact) })
		.getByRole('button', { name: 'Réinitialiser le mot de passe' })
		.click();
	const url = await claire.getByLabel('Lien de réinitialisation').inputValue();
	await context.close();
	return url;
}
