import { expect, test, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { signIn } from './helpers/session.ts';

const PREVISIONNEL = 'Prévisionnel';

/** Tasks of the recurring rules (« TVA 11/2026 », « TVA T4 2026 », « Bilan 2026 »): by date. */
const RECURRING = /^(TVA|Bilan) (T\d )?(\d\d\/)?20[2-9]\d —/;

/** The task rows visible, as « title — client », the recurring rules' left out. */
function visible(page: Page): Promise<string[]> {
	return page
		.locator('tbody tr[data-task-id]')
		.evaluateAll((rows) =>
			rows.map((row) => {
				const cells = (row as HTMLTableRowElement).cells;
				return `${cells[0]!.querySelector('a')!.textContent} — ${cells[1]!.textContent}`;
			})
		)
		.then((rows) => rows.filter((row) => !RECURRING.test(row)));
}

const expectRows = (page: Page, rows: string[]) =>
	expect.poll(async () => (await visible(page)).sort()).toEqual([...rows].sort());

const PREV = `${PREVISIONNEL} — Alter Ce`;
const TVA_ALTER = 'TVA 04/2019 — Alter Ce';
const TVA_DUPONT = 'TVA 04/2019 — Dupont Maçonnerie';

test.beforeEach(async ({ page }) => {
	await signIn(page, DEMO_ACCOUNTS.claire);
	await expect(page.getByRole('status')).toHaveText('Enregistré');
});

test('each filter alone narrows the list, and « Effacer les filtres » restores it', async ({
	page
}) => {
	const only = async (label: string, option: string | { label: string }, rows: string[]) => {
		await page.getByRole('search').getByLabel(label).selectOption(option);
		await expectRows(page, rows);
		await page.getByRole('button', { name: 'Effacer les filtres' }).click();
	};
	await only('Client', { label: 'Dupont Maçonnerie' }, [TVA_DUPONT]);
	await only('Collaborateur', { label: 'Claire Martin' }, [PREV]);
	await only('Statut', { label: 'Terminée' }, [TVA_DUPONT]);
	await only('Catégorie', PREVISIONNEL, [PREV]);
	await only('Échéance', { label: 'En retard' }, [PREV, TVA_ALTER]);

	await page.getByRole('search').getByLabel('Mes tâches').check();
	await expectRows(page, [PREV]);
	await page.getByRole('button', { name: 'Effacer les filtres' }).click();

	await page.getByRole('search').getByLabel('Échéance').selectOption({ label: 'Entre deux dates' });
	await page.getByRole('search').getByLabel('Du', { exact: true }).fill('2019-06-01');
	await page.getByRole('search').getByLabel('Au', { exact: true }).fill('2019-12-31');
	await expectRows(page, [PREV]);
	await page.getByRole('button', { name: 'Effacer les filtres' }).click();
	// Other tests of the run may have added tasks: every demo task is back, whatever else is there.
	await expect
		.poll(() => visible(page))
		.toEqual(expect.arrayContaining([PREV, TVA_ALTER, TVA_DUPONT]));
});

test('search ignores accents and case, takes prefixes and a typo, and reads requests', async ({
	page
}) => {
	const search = page.getByRole('search').getByLabel('Rechercher');
	await page.keyboard.press('/');
	await expect(search).toBeFocused();
	const find = async (query: string, rows: string[]) => {
		await search.fill(query);
		await expectRows(page, rows);
	};
	await find('previsionnel', [PREV]);
	await find('PRÉVISION', [PREV]);
	await find('previsionel', [PREV]);
	await find('maconnerie', [TVA_DUPONT]);
	await find('budget ventes', [PREV]);
	await find('virement', [TVA_ALTER]);
	await find('zzzz introuvable', []);
	await search.fill('');
	await expect.poll(async () => (await visible(page)).length).toBeGreaterThanOrEqual(3);
});

test('filters and search combine, live in the URL and survive a reload', async ({ page }) => {
	await page.getByRole('search').getByLabel('Client').selectOption({ label: 'Alter Ce' });
	await page.getByRole('search').getByLabel('Rechercher').fill('tva');
	await expectRows(page, [TVA_ALTER]);
	await expect(page).toHaveURL(/q=tva/);
	await page.reload();
	await expect(page.getByRole('search').getByLabel('Rechercher')).toHaveValue('tva');
	await expect(page.getByRole('search').getByLabel('Client')).toHaveValue(/.+/);
	await expectRows(page, [TVA_ALTER]);
});

test('« Cette semaine » finds a task due today', async ({ page }) => {
	const today = new Date();
	const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
	await page.getByRole('button', { name: 'Nouvelle tâche' }).click();
	const dialog = page.getByRole('dialog', { name: 'Nouvelle tâche' });
	await dialog.getByLabel('Intitulé').fill('Paie de la semaine');
	await dialog.getByLabel('Client').selectOption({ label: 'Dupont Maçonnerie' });
	await dialog.getByLabel('Échéance').fill(iso);
	await dialog.getByRole('button', { name: 'Créer la tâche' }).click();
	await page.getByRole('search').getByLabel('Échéance').selectOption({ label: 'Cette semaine' });
	await expectRows(page, ['Paie de la semaine — Dupont Maçonnerie']);
});
