import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { expectNoSeriousA11yViolations } from './helpers/axe.ts';
import { signedInPage, taskRow } from './helpers/session.ts';

/**
 * « Nouveautés » and « Historique » (issue 14 items 3 and 4) on a task of its own, so that no
 * other spec's state matters: Claire gives Paul a task with one request; Paul keeps
 * « Nouveautés » open while Sophie comments and answers on her portal; both show on Paul's page
 * within a second, with the count in the navigation; the request's timeline lists each step.
 */
test('Paul sees Sophie’s comment and answer live in « Nouveautés », and the request’s timeline', async ({
	browser
}) => {
	const TASK = 'Bilan 2020 (nouveautés)';
	const REQUEST = 'Grand livre 2020';
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire);
	await claire.getByRole('button', { name: 'Nouvelle tâche' }).click();
	const dialog = claire.getByRole('dialog', { name: 'Nouvelle tâche' });
	await dialog.getByLabel('Intitulé').fill(TASK);
	await dialog.getByLabel('Client').selectOption({ label: 'Alter Ce' });
	await dialog.getByLabel('Collaborateur').selectOption({ label: 'Paul Durand' });
	await dialog.getByRole('button', { name: 'Créer la tâche' }).click();
	await expect(dialog).toBeHidden();
	await taskRow(claire, TASK).getByRole('link').click();
	await claire.getByLabel('Intitulé de la demande').fill(REQUEST);
	await claire.getByRole('button', { name: 'Transmettre' }).click();
	await expect(claire.getByRole('article', { name: REQUEST })).toBeVisible();

	// Paul starts from nothing unread (other specs' clients may have been busy on his tasks).
	const paul = await signedInPage(browser, DEMO_ACCOUNTS.paul, '/cabinet/nouveautes');
	await expect(paul.getByRole('heading', { name: 'Nouveautés' })).toBeVisible();
	const markAll = paul.getByRole('button', { name: 'Tout marquer comme lu' });
	const news = paul.getByRole('list', { name: 'Nouveautés' });
	await expect(news).toBeVisible();
	if (await markAll.isEnabled()) await markAll.click();
	await expect(markAll).toBeDisabled();
	const count = paul.getByTestId('unread-count');
	await expect(count).toBeHidden();

	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie);
	const request = sophie.getByRole('listitem', { name: REQUEST });
	await request.locator('summary', { hasText: 'Commentaires' }).click();
	await request.getByLabel('Commentaire').fill('Le grand livre est en pièce jointe demain.');
	await request.getByRole('button', { name: 'Commenter' }).click();
	await request.getByRole('combobox', { name: 'Statut' }).selectOption('done');

	const line = (text: string) => news.getByRole('listitem').filter({ hasText: text });
	await expect(line('Le grand livre est en pièce jointe demain.')).toBeVisible({ timeout: 1000 });
	await expect(line('Statut : À faire → Terminée')).toBeVisible({ timeout: 1000 });
	await expect(line('Statut : À faire → Terminée')).toContainText('Sophie Leroy');
	await expect(line('Statut : À faire → Terminée')).toContainText(TASK);
	await expect(count).toHaveText('2', { timeout: 1000 });
	await expect(paul.getByRole('link', { name: /^Nouveautés/ })).toHaveAccessibleName(
		/^Nouveautés\s*2 non lues$/
	);
	await expectNoSeriousA11yViolations(paul, '« Nouveautés » with unread news');

	// One read, then all.
	await line('Statut : À faire → Terminée')
		.getByRole('button', { name: /^Marquer comme lue/ })
		.click();
	await expect(count).toHaveText('1');
	await markAll.click();
	await expect(count).toBeHidden();
	await expect(news.getByRole('button', { name: /^Marquer comme lue/ })).toHaveCount(0);

	// The timeline on the task page: each step, who and when.
	await line('Statut : À faire → Terminée').getByRole('link', { name: TASK }).click();
	await expect(paul.getByRole('article', { name: REQUEST })).toBeVisible();
	await paul.locator('summary', { hasText: 'Historique' }).first().click();
	const timeline = paul.getByRole('list', { name: `Historique de la demande ${REQUEST}` });
	const steps = timeline.getByRole('listitem');
	await expect(steps).toHaveCount(4);
	await expect(steps.nth(0)).toContainText('Claire Martin — Demande transmise');
	await expect(steps.nth(1)).toContainText(
		'Sophie Leroy — Demande consultée pour la première fois'
	);
	await expect(steps.nth(2)).toContainText('Sophie Leroy — Commentaire');
	await expect(steps.nth(3)).toContainText('Sophie Leroy — Statut : À faire → Terminée');
	await expectNoSeriousA11yViolations(paul, 'a request’s « Historique » on the task page');

	// Sophie's part: the firm's steps are « Le cabinet »'s.
	await request.locator('summary', { hasText: 'Historique' }).click();
	const hers = sophie.getByRole('list', { name: `Historique de la demande ${REQUEST}` });
	await expect(hers.getByRole('listitem').first()).toContainText('Le cabinet — Demande transmise');
	await expect(hers).not.toContainText('Claire');
	await expectNoSeriousA11yViolations(sophie, 'a request’s « Historique » on the portal');
});

test('a client user gets nothing from the firm’s activity', async ({ browser }) => {
	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie);
	const feed = await sophie.request.get('/api/activity');
	expect(feed.status()).toBe(403);
	const count = await sophie.request.get('/api/activity?count');
	expect(count.status()).toBe(403);
	await sophie.goto('/cabinet/nouveautes');
	await expect(sophie).toHaveURL(/\/portail/);
});
