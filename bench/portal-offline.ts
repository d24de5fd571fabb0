import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../server/seed.ts';
import { freePort } from '../tests/helpers/ports.ts';
import { spawnNavette } from '../tests/helpers/spawn.ts';
import { HEADER, row, summarize } from './stats.ts';

/**
 * Issue 4's figures, in real Chromium on the demo firm: the JavaScript the portal loads (gzipped,
 * beside the login page's, a plain SvelteKit page of ours), and the time until the portal is
 * interactive when reloaded offline (page from the service worker, data from IndexedDB), beside
 * the same reload online.
 */
const RELOADS = 15;
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update'
];

/** Every script the page loads, gzipped (level 9) as a server would send it. */
async function scriptBytes(page: Page, url: string): Promise<{ raw: number; gzip: number }> {
	const bodies: Promise<Buffer>[] = [];
	const listener = (response: import('@playwright/test').Response) => {
		if (response.request().resourceType() === 'script') bodies.push(response.body());
	};
	page.on('response', listener);
	await page.goto(url);
	await page.waitForLoadState('networkidle');
	page.off('response', listener);
	const all = await Promise.all(bodies);
	return {
		raw: all.reduce((sum, body) => sum + body.length, 0),
		gzip: all.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0)
	};
}

/** Milliseconds from navigation start until the requests are listed and their controls work. */
async function reloadUntilInteractive(page: Page): Promise<number> {
	await page.reload();
	await page.waitForFunction(() => {
		const select = document.querySelector<HTMLSelectElement>('li[data-request-id] select');
		return !!select && !select.disabled;
	});
	return page.evaluate(() => performance.now());
}

async function signIn(context: BrowserContext, origin: string): Promise<void> {
	await context.request.post(`${origin}/login`, {
		headers: { origin, accept: 'text/html' },
		form: { email: DEMO_ACCOUNTS.sophie, password: DEMO_PASSWORD },
		maxRedirects: 0
	});
}

export async function run(): Promise<void> {
	console.log('\n== Client portal: JavaScript size and offline start (Chromium, demo firm) ==');
	const dataDir = mkdtempSync(join(tmpdir(), 'navette-portal-bench-'));
	const profile = mkdtempSync(join(tmpdir(), 'navette-portal-profile-'));
	const server = await spawnNavette({ port: await freePort(), dataDir });
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: CHROMIUM_ARGS
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		const login = await scriptBytes(page, `${server.origin}/login`);
		await signIn(context, server.origin);
		const portal = await scriptBytes(page, `${server.origin}/portail`);
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();

		const online: number[] = [];
		const offline: number[] = [];
		for (let i = 0; i < RELOADS; i++) online.push(await reloadUntilInteractive(page));
		await context.setOffline(true);
		for (let i = 0; i < RELOADS; i++) offline.push(await reloadUntilInteractive(page));
		await context.setOffline(false);

		const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
		console.log(
			`JavaScript of /login (plain page): ${kb(login.gzip)} gzipped (${kb(login.raw)} raw)`
		);
		console.log(
			`JavaScript of /portail:            ${kb(portal.gzip)} gzipped (${kb(portal.raw)} raw), ` +
				`${(portal.gzip / login.gzip).toFixed(2)}× the plain page; target ≤ 150 KB`
		);
		console.log(HEADER);
		console.log(row('reload online → interactive', summarize(online)));
		console.log(row('reload offline (service worker)', summarize(offline)));
		const ratio = summarize(offline).p50 / summarize(online).p50;
		console.log(`offline / online p50: ${ratio.toFixed(2)}×`);
	} finally {
		await context.close();
		await server.kill('SIGTERM');
		rmSync(dataDir, { recursive: true, force: true });
		rmSync(profile, { recursive: true, force: true });
	}
}
