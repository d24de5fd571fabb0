import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { expectNoSeriousA11yViolations } from './helpers/axe.ts';
import { signedInPage, taskRow } from './helpers/session.ts';

/**
 * The firm's review (issue 14, items 1 and 2), on a task and two requests of its own (other specs
 * share the demo firm and count its tasks): Sophie marks both « Terminée »; Claire validates one
 * and sends the other back with a reason; Sophie sees « Validée » with no status control on the
 * first and the reason on the second, then answers « Sans objet » with its required comment.
 */
const TASK = 'Juridique 2019 (revue)';
const KEPT = 'Statuts signés (revue)';
const RETURNED = 'Procès-verbal d’assemblée (revue)';
const REASON = 'Il manque la page des signatures.';

test('Claire validates one answer and returns the other; Sophie sees both', async ({ browser }) => {
	// Two sessions, four axe scans and a dozen steps: 18 s alone, past 30 s once in a full run.
	test.setTimeout(60_000);
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire);
	await claire.getByRole('button', { name: 'Nouvelle tâche' }).click();
	const dialog = claire.getByRole('dialog', { name: 'Nouvelle tâche' });
	await dialog.getByLabel('Intitulé').fill(TASK);
	await dialog.getByLabel('Client').selectOption({ label: 'Alter Ce' });
	await dialog.getByLabel('Collaborateur').selectOption({ label: 'Paul Durand' });
	await dialog.getByRole('button', { name: 'Créer la tâche' }).click();
	await taskRow(claire, TASK).getByRole('link').click();
	for (const title of [KEPT, RETURNED]) {
		await claire.getByLabel('Intitulé de la demande').fill(title);
		await claire.getByRole('button', { name: 'Transmettre' }).click();
		await expect(claire.getByRole('article', { name: title })).toBeVisible();
	}

	// Sophie answers both « Terminée ».
	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie);
	const kept = sophie.getByRole('listitem', { name: KEPT });
	const returned = sophie.getByRole('listitem', { name: RETURNED });
	for (const item of [kept, returned]) {
		await item.getByRole('combobox', { name: 'Statut' }).selectOption('done');
	}

	// Claire sees both « À valider », validates one.
	const keptCard = claire.getByRole('article', { name: KEPT });
	const returnedCard = claire.getByRole('article', { name: RETURNED });
	await expect(keptCard).toContainText('À valider');
	await expect(returnedCard).toContainText('À valider');
	await keptCard.getByRole('button', { name: 'Valider' }).click();
	await expect(keptCard).toContainText('Validée');
	await expect(keptCard.getByRole('combobox')).toHaveCount(0);
	await expect(keptCard.getByRole('button', { name: 'Annuler la validation' })).toBeVisible();

	// « Renvoyer au client » asks for a motif, and says so in French when it is left empty.
	await returnedCard.getByRole('button', { name: 'Renvoyer au client' }).click();
	const returnDialog = claire.getByRole('dialog', { name: 'Renvoyer au client' });
	await expect(returnDialog).toBeVisible();
	await returnDialog.getByRole('button', { name: 'Renvoyer au client' }).click();
	await expect(returnDialog.getByRole('alert')).toHaveText(
		'Indiquez le motif du renvoi au client.'
	);
	await expectNoSeriousA11yViolations(claire, 'task page, « Renvoyer au client » dialog open');
	await returnDialog.getByLabel('Motif').fill(REASON);
	await returnDialog.getByRole('button', { name: 'Renvoyer au client' }).click();
	await expect(returnDialog).toBeHidden();
	await expect(returnedCard).toContainText(`Renvoyée au client : ${REASON}`);
	await expect(returnedCard.getByRole('combobox')).toHaveValue('todo');

	// Sophie: « Validée » with no status control (nor deposit, nor comment form); the reason.
	await expect(kept).toContainText('Validée');
	await expect(kept.getByRole('combobox')).toHaveCount(0);
	await expect(kept.getByLabel(/^Déposer un document/)).toHaveCount(0);
	await expect(returned).toContainText(`Renvoyée par le cabinet : ${REASON}`);
	await expect(returned.getByRole('combobox', { name: 'Statut' })).toHaveValue('todo');
	await expectNoSeriousA11yViolations(sophie, 'portal with a validated and a returned request');

	// « Sans objet » needs its comment: refused empty, then sent with it.
	await returned.getByRole('combobox', { name: 'Statut' }).selectOption('not_applicable');
	const confirm = returned.getByRole('button', { name: 'Confirmer « Sans objet »' });
	await confirm.click();
	await expect(returned.getByRole('alert')).toHaveText(
		'Expliquez votre réponse dans un commentaire.'
	);
	await expectNoSeriousA11yViolations(sophie, 'portal, « Sans objet » asking for its comment');
	await returned.getByLabel(/expliquez pourquoi/).fill('Pas d’assemblée en 2019.');
	await confirm.click();
	await expect(confirm).toBeHidden();
	await expect(returned.getByRole('combobox', { name: 'Statut' })).toHaveValue('not_applicable');
	await expect(returnedCard).toContainText('À valider · Sans objet');
	await expect(returnedCard).toContainText('Pas d’assemblée en 2019.');

	// The summary counts the review, in full, and its filter finds the task.
	await expect(claire.getByText('2 demandes · 0 à faire · 1 à valider · 1 validée')).toBeVisible();
	await claire.setViewportSize({ width: 1400, height: 900 });
	await claire.getByRole('link', { name: '← Toutes les tâches' }).click();
	await expect(taskRow(claire, TASK)).toContainText(
		'2 demandes · 0 à faire · 1 à valider · 1 validée'
	);
	// In full at 1400 px: the « Demandes » cell's text wraps inside it rather than being cut.
	const label = taskRow(claire, TASK)
		.locator('td')
		.last()
		.getByText(/demandes/);
	const overflow = await label.evaluate((text) => {
		const cell = text.closest('td')!.getBoundingClientRect();
		const box = text.getBoundingClientRect();
		return text.scrollWidth - text.clientWidth + Math.max(0, box.right - cell.right);
	});
	expect(overflow).toBe(0);
	const status = claire.getByRole('search').getByLabel('Statut');
	await status.selectOption({ label: 'À valider' });
	await expect(taskRow(claire, TASK)).toBeVisible();
	await status.selectOption({ label: 'Validée' });
	await expect(taskRow(claire, TASK)).toHaveCount(0);
	await claire.getByRole('button', { name: 'Effacer les filtres' }).click();

	// Staff can undo a validation: the request is « À valider » again, and Sophie may change it.
	await taskRow(claire, TASK).getByRole('link').click();
	await keptCard.getByRole('button', { name: 'Annuler la validation' }).click();
	await expect(keptCard).toContainText('À valider');
	await expect(kept.getByRole('combobox', { name: 'Statut' })).toHaveValue('done');
});
