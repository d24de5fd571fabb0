import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/lib/server/store/SqliteStore.ts';
import { freePort } from '../tests/helpers/ports.ts';
import { cpuMilliseconds } from '../tests/helpers/proc.ts';
import { spawnNavette } from '../tests/helpers/spawn.ts';
import { BIG_FIRM_ADMIN, generateFirm } from './generate-firm.ts';
import { HEADER, row, summarize } from './stats.ts';

/**
 * Issue 3's figures, in real Chromium on a firm of 500 clients, 5,000 tasks and 25,000 requests:
 * time until « Tâches » is interactive cold (empty browser profile) and warm (reload, documents
 * in IndexedDB), and the time from a keystroke in « Rechercher » to the updated list.
 */
const QUERIES = [
	'tva',
	'garage',
	'releve',
	'bellevue 12',
	'facture achat',
	'prévisionnel',
	'paie 2026'
];

/**
 * Resolves once the server process has been idle (under 5 % of a core) for 300 ms, or after 20 s.
 * The server shares this 2-core machine with Chromium, where in use it runs on its own: its
 * background work (the overview's reconciliation after its first load, compactions) must not be
 * counted as the browser's time when what is measured is the browser's own path.
 */
async function serverIdle(pid: number): Promise<void> {
	const cpuMs = () => cpuMilliseconds(pid);
	const deadline = performance.now() + 20_000;
	let quiet = 0;
	let last = cpuMs();
	while (quiet < 3 && performance.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 100));
		const now = cpuMs();
		quiet = now - last < 5 ? quiet + 1 : 0;
		last = now;
	}
}

/** Milliseconds from navigation start until the table shows tasks and the search box works. */
async function timeToInteractive(page: Page, url: string | null): Promise<number> {
	if (url) await page.goto(url);
	else await page.reload();
	await page.waitForFunction(
		() =>
			document.querySelectorAll('tbody tr[data-task-id]').length > 0 &&
			!!document.querySelector('input[type=search]')
	);
	return page.evaluate(() => performance.now());
}

/** Per keystroke: from the input event to the list's DOM update, measured inside the page. */
async function keystrokes(page: Page): Promise<number[]> {
	return page.evaluate(async (queries) => {
		const input = document.querySelector<HTMLInputElement>('input[type=search]')!;
		const table = document.querySelector('table')!;
		const samples: number[] = [];
		for (const query of queries) {
			for (let i = 1; i <= query.length; i++) {
				const updated = new Promise<number>((resolve) => {
					const observer = new MutationObserver(() => {
						observer.disconnect();
						resolve(performance.now());
					});
					observer.observe(table, { childList: true, subtree: true, characterData: true });
					setTimeout(() => {
						observer.disconnect();
						resolve(performance.now());
					}, 0);
				});
				const start = performance.now();
				input.value = query.slice(0, i);
				input.dispatchEvent(new Event('input', { bubbles: true }));
				samples.push((await updated) - start);
				await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
			}
			input.value = '';
			input.dispatchEvent(new Event('input', { bubbles: true }));
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		return samples;
	}, QUERIES);
}

export async function run(): Promise<void> {
	console.log('\n== « Tâches » at scale: 500 clients, 5,000 tasks, 25,000 requests (Chromium) ==');
	const dataDir = mkdtempSync(join(tmpdir(), 'navette-bigfirm-'));
	const started = performance.now();
	const store = SqliteStore.open(join(dataDir, 'navette.db'));
	await generateFirm(store);
	await store.close();
	console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

	const port = await freePort();
	const server = await spawnNavette({ port, dataDir, env: { SEED: 'none' } });
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update'
		]
	});
	try {
		const cold: number[] = [];
		const warm: number[] = [];
		let keys: number[] = [];
		for (let run = 0; run < 3; run++) {
			const context = await browser.newContext();
			const page = await context.newPage();
			// Sign in without opening a page, so that the first page load is truly cold.
			await context.request.post(`${server.origin}/login`, {
				headers: { origin: server.origin, accept: 'text/html' },
				form: { email: BIG_FIRM_ADMIN, password: 'navette-bench' },
				maxRedirects: 0
			});
			cold.push(await timeToInteractive(page, `${server.origin}/cabinet/taches`));
			// A benchmark, not a test: give y-indexeddb a moment to write the local copies.
			await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
			await page.waitForTimeout(1500);
			await serverIdle(server.child.pid!);
			warm.push(await timeToInteractive(page, null));
			// The warm list shows the last visit's snapshot at once, and the documents load behind
			// it: typing is measured once they are in and indexed, not during the load.
			await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
			await page.waitForTimeout(1500);
			await serverIdle(server.child.pid!);
			keys = keys.concat(await keystrokes(page));
			await context.close();
		}
		console.log(HEADER);
		console.log(row('cold: login → « Tâches » interactive', summarize(cold)));
		console.log(row('warm: reload from IndexedDB', summarize(warm)));
		const k = summarize(keys);
		console.log(row('keystroke → updated list', k));
		console.log(
			`targets: cold < 1500 ms (median ${summarize(cold).p50.toFixed(0)}), warm < 300 ms ` +
				`(median ${summarize(warm).p50.toFixed(0)}), keystroke p95 < 16 ms (${k.p95.toFixed(1)})`
		);
	} finally {
		await browser.close();
		await server.kill('SIGTERM');
		rmSync(dataDir, { recursive: true, force: true });
	}
}
