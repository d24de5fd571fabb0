import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { expectNoSeriousA11yViolations } from './helpers/axe.ts';
import { signedInPage, taskRow } from './helpers/session.ts';

const TASK = 'Bilan 2019 (modèle)';

test('the demo shows Alter Ce’s VAT task of the month just closed, its requests in the portal', async ({
	browser
}) => {
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire);
	const now = new Date();
	const closed = new Date(now.getFullYear(), now.getMonth() - 1, 15);
	const label = `TVA ${String(closed.getMonth() + 1).padStart(2, '0')}/${closed.getFullYear()}`;
	const row = taskRow(claire, label).filter({ hasText: 'Alter Ce' });
	await expect(row).toContainText('3 demandes · 3 à faire');
	await expect(row).toContainText('Claire Martin');
	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie);
	const month = closed.toLocaleString('fr-FR', { month: 'long' });
	const request = `Relevé bancaire ${month} ${closed.getFullYear()}`;
	await expect(sophie.getByRole('listitem', { name: request })).toBeVisible();
});

test('Claire applies « Bilan annuel » to a new task, one item unticked; Sophie sees them live', async ({
	browser
}) => {
	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie);
	await expect(sophie.getByRole('status')).toHaveText('Enregistré');
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire);

	await claire.getByRole('button', { name: 'Nouvelle tâche' }).click();
	const create = claire.getByRole('dialog', { name: 'Nouvelle tâche' });
	await create.getByLabel('Intitulé').fill(TASK);
	await create.getByLabel('Client').selectOption({ label: 'Alter Ce' });
	await create.getByLabel('Échéance').fill('2020-05-05');
	await create.getByLabel('Période').fill('2019');
	await create.getByRole('button', { name: 'Créer la tâche' }).click();
	await taskRow(claire, TASK).getByRole('link').click();

	await claire.getByRole('button', { name: 'Appliquer un modèle' }).click();
	const dialog = claire.getByRole('dialog', { name: 'Appliquer un modèle' });
	await dialog.getByRole('combobox', { name: /^Modèle/ }).selectOption({ label: 'Bilan annuel' });
	const boxes = dialog.getByRole('checkbox');
	await expect(boxes).toHaveCount(8);
	for (const box of await boxes.all()) await expect(box).toBeChecked();
	await dialog.getByRole('checkbox', { name: /État des stocks/ }).uncheck();
	await expectNoSeriousA11yViolations(claire, 'dialog « Appliquer un modèle »');
	await dialog.getByRole('button', { name: 'Transmettre 7 demandes' }).click();
	await expect(dialog).toBeHidden();

	await expect(
		claire.getByRole('article', { name: 'Relevés bancaires de l’exercice 2019' })
	).toBeVisible();
	await expect(claire.getByRole('article')).toHaveCount(7);
	// Sophie's open portal, without reload.
	await expect(
		sophie.getByRole('listitem', { name: 'Relevés bancaires de l’exercice 2019' })
	).toBeVisible();
	await expect(sophie.getByRole('listitem', { name: 'Caisse', exact: true })).toBeVisible();
	await expect(sophie.getByRole('listitem', { name: 'État des stocks à la clôture' })).toHaveCount(
		0
	);
});

test('administrators turn the rules on and off, and edit the templates, in French', async ({
	browser
}) => {
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire, '/cabinet/missions');
	await expect(claire.getByRole('heading', { name: 'Missions récurrentes' })).toBeVisible();
	await expectNoSeriousA11yViolations(claire, '/cabinet/missions');
	const bilan = claire.getByLabel('Créer les tâches de bilan');
	await expect(bilan).toBeChecked();
	await claire.getByLabel('Jour d’échéance de la CA3 (par défaut)').fill('40');
	await claire.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(
		claire.getByText('Le jour d’échéance doit être un nombre entier entre 1 et 28.')
	).toBeVisible();
	await claire.getByLabel('Jour d’échéance de la CA3 (par défaut)').fill('19');
	await bilan.uncheck();
	await claire.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(claire.getByText('Règles enregistrées.')).toBeVisible();
	await claire.reload();
	await expect(claire.getByLabel('Créer les tâches de bilan')).not.toBeChecked();
	await claire.getByLabel('Créer les tâches de bilan').check();
	await claire.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(claire.getByText('Règles enregistrées.')).toBeVisible();

	await claire.goto('/cabinet/modeles');
	const list = claire.getByRole('navigation', { name: 'Modèles' });
	for (const name of ['Bilan annuel', 'TVA', 'Entrée en relation', 'Reprise de dossier', 'Paie']) {
		await expect(list.getByRole('link', { name, exact: true })).toBeVisible();
	}
	await expectNoSeriousA11yViolations(claire, '/cabinet/modeles');
	await list.getByRole('link', { name: 'Nouveau modèle' }).click();
	await claire.getByLabel('Intitulé').fill('Contrat de bail');
	await claire.getByLabel(/^Échéance/).fill('500');
	await claire.getByRole('button', { name: 'Enregistrer le modèle' }).click();
	await expect(claire.getByText('Donnez un nom au modèle.')).toBeVisible();
	await expect(claire.getByText(/L’échéance doit être un nombre entier de jours/)).toBeVisible();
	await expectNoSeriousA11yViolations(claire, '/cabinet/modeles (errors)');
	await claire.getByLabel('Nom du modèle').fill('Bail commercial');
	await claire.getByLabel(/^Échéance/).fill('-5');
	await claire.getByRole('button', { name: 'Ajouter une demande' }).click();
	await claire.getByLabel('Intitulé').nth(1).fill('Quittances de loyer {période}');
	await claire.getByRole('button', { name: 'Enregistrer le modèle' }).click();
	await expect(list.getByRole('link', { name: 'Bail commercial' })).toBeVisible();
	await expect(claire.getByLabel('Intitulé').nth(1)).toHaveValue('Quittances de loyer {période}');
	await claire.getByRole('button', { name: 'Supprimer le modèle' }).click();
	await expect(list.getByRole('link', { name: 'Bail commercial' })).toHaveCount(0);
});
