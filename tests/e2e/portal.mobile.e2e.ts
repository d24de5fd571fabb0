import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { expectNoSeriousA11yViolations } from './helpers/axe.ts';
import { passwordResetLink, signIn } from './helpers/session.ts';

/**
 * Every page a client sees, on a phone (issue 14): 360 × 740, touch. Each must fit the screen's
 * width, with no sideways scrolling, and every control a finger uses must be at least 44 px each
 * way (WCAG 2.5.5).
 */
const WIDTH = 360;
const MIN_TARGET = 44;
test.use({ viewport: { width: WIDTH, height: 740 }, hasTouch: true, isMobile: true });

/**
 * What a finger can press. A link inside a sentence is exempt (WCAG 2.5.5's « inline »); a file
 * input is pressed through the label dressed as a button around it, which is measured instead.
 */
const CONTROLS =
	'a[href], button, select, input:not([type=hidden], [type=file]), textarea, summary, label.button';

/**
 * The page fits 360 px. A mobile browser zooms out a page wider than the screen, which widens
 * `innerWidth` with it: the width is held to the screen's too, not only to `innerWidth`.
 */
async function expectFits(page: Page, name: string): Promise<void> {
	const { scrollWidth, innerWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth
	}));
	expect.soft(scrollWidth, `${name} is ${scrollWidth} px wide`).toBeLessThanOrEqual(innerWidth);
	expect.soft(innerWidth, `${name} is zoomed out`).toBe(WIDTH);
}

/** Every visible control is at least 44 × 44 px; the failure lists those that are not. */
async function expectTouchTargets(page: Page, name: string): Promise<void> {
	const small = await page.locator(CONTROLS).evaluateAll((elements, min) => {
		const inSentence = (el: Element) =>
			el.tagName === 'A' && el.parentElement?.textContent?.trim() !== el.textContent?.trim();
		return elements
			.filter((el) => el.checkVisibility({ opacityProperty: false }) && !inSentence(el))
			.map((el) => ({ el, rect: el.getBoundingClientRect() }))
			.filter(({ rect }) => rect.width < min || rect.height < min)
			.map(({ el, rect }) => {
				const label = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
				return `${el.tagName.toLowerCase()} « ${label.slice(0, 40)} »: ${Math.round(rect.width)} × ${Math.round(rect.height)}`;
			});
	}, MIN_TARGET);
	expect.soft(small, `controls under ${MIN_TARGET} px on ${name}`).toEqual([]);
}

/** What the screen shows (a full-page capture would resize the viewport and drop the touch mode). */
async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	const path = testInfo.outputPath(`${name}.png`);
	await page.screenshot({ path });
	await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Fits, large enough to touch, no serious axe violation, and a picture of it in the report. */
async function expectPhoneReady(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	await expectFits(page, name);
	await expectTouchTargets(page, name);
	await expectNoSeriousA11yViolations(page, `${name} at ${WIDTH} px`);
	await screenshot(page, testInfo, name);
}

test('the signed-out pages fit a phone: login, password forgotten, invitation links, a 404', async ({
	page,
	browser
}, testInfo) => {
	await page.goto('/login');
	await expectPhoneReady(page, testInfo, 'login');
	await page.goto('/mot-de-passe-oublie');
	await expectPhoneReady(page, testInfo, 'mot-de-passe-oublie');
	await page.goto(`/invitation/${'x'.repeat(43)}`);
	await expect(page.getByRole('alert')).toBeVisible();
	await expectPhoneReady(page, testInfo, 'invitation-unknown');

	const resetLink = await passwordResetLink(browser, 'Alter Ce', 'Sophie Leroy');
	await page.goto(resetLink);
	await expect(page.getByText('Bonjour Sophie Leroy')).toBeVisible();
	await expectPhoneReady(page, testInfo, 'reset-password');
	await page.goto('/nulle-part');
	await expect(page.getByRole('heading', { name: 'Page introuvable' })).toBeVisible();
	await expectPhoneReady(page, testInfo, 'page-introuvable');
});

test('Sophie’s portal fits a phone: the header wraps, the camera comes first, a photo is filed', async ({
	page
}, testInfo) => {
	await signIn(page, DEMO_ACCOUNTS.sophie);
	await expect(page.getByRole('status')).toHaveText('Enregistré');
	expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
	const request = page.getByRole('listitem', { name: 'Contrats de prêt' });
	await expect(request).toBeVisible();
	await expectPhoneReady(page, testInfo, 'portail');

	// « Prendre une photo » before « Déposer un document », on its line or above it.
	const camera = await request.getByLabel(/^Prendre une photo/).boundingBox();
	const files = await request.getByLabel(/^Déposer un document/).boundingBox();
	expect(camera!.y < files!.y || (camera!.y === files!.y && camera!.x < files!.x)).toBe(true);

	await request.getByLabel(/^Prendre une photo/).setInputFiles({
		name: 'contrat-pret.png',
		mimeType: 'image/png',
		buffer: Buffer.from(
			'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
			'base64'
		)
	});
	await expect(request.getByRole('link', { name: 'contrat-pret.png' })).toBeVisible();
	await request.getByText('Commentaires').click();
	await expect(request.getByLabel('Commentaire')).toBeVisible();
	await expectPhoneReady(page, testInfo, 'portail-commentaires');

	await page.getByRole('link', { name: 'Mes documents' }).click();
	await expect(page.getByRole('link', { name: 'contrat-pret.png' })).toBeVisible();
	await expectPhoneReady(page, testInfo, 'portail-documents');
});
