import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/lib/server/store/SqliteStore.ts';
import { freePort } from '../tests/helpers/ports.ts';
import { cpuMilliseconds } from '../tests/helpers/proc.ts';
import { spawnNavette } from '../tests/helpers/spawn.ts';
import { BIG_FIRM_ADMIN, generateFirm, STANDARD_FIRM, type FirmSize } from './generate-firm.ts';
import { HEADER, row, summarize } from './stats.ts';

/**
 * Issue 3's figures, in real Chromium on a firm of 500 clients, 5,000 tasks and 25,000 requests:
 * time until « Tâches » is interactive cold (empty browser profile) and warm (reload, documents
 * in IndexedDB), and the time from a keystroke in « Rechercher » to the updated list. Then the
 * same on a firm four times larger (issue 16: 2,000 clients, 20,000 tasks, 100,000 requests),
 * measured only: `BENCH_LARGE_FIRM=0` skips it (it adds about a minute and a half).
 */

/** Issue 16's firm, four times issue 3's, with as many clients per collaborator. */
export const LARGE_FIRM: FirmSize = {
	clients: 2000,
	tasksPerClient: 10,
	requestsPerTask: 5,
	staff: 80
};
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

/**
 * Per keystroke: from the input event to the list's DOM update, measured inside the page. A
 * keystroke that leaves the list as it was (most letters past the first few: the first rows still
 * match) ends with its task, once the page has worked out that nothing changes. Each keystroke is
 * typed in a task of its own after the previous one's frame, as a real one is.
 */
async function keystrokes(page: Page): Promise<number[]> {
	const { samples, late } = await page.evaluate(async (queries) => {
		// Not a timer: a timer set during a frame fires after that frame's rendering and commit,
		// 10 – 25 ms here, which the bench then counted as the keystroke's.
		const nextTask = () =>
			new Promise<void>((resolve) => {
				const channel = new MessageChannel();
				channel.port1.onmessage = () => resolve();
				channel.port2.postMessage(null);
			});
		const input = document.querySelector<HTMLInputElement>('input[type=search]')!;
		const table = document.querySelector('table')!;
		const samples: number[] = [];
		// Keystrokes whose list changed after they were counted as done: there must be none.
		let late = 0;
		for (const query of queries) {
			for (let i = 1; i <= query.length; i++) {
				const updated = new Promise<number>((resolve) => {
					const done = () => {
						observer.disconnect();
						resolve(performance.now());
					};
					const observer = new MutationObserver(done);
					observer.observe(table, { childList: true, subtree: true, characterData: true });
					void nextTask().then(done);
				});
				const start = performance.now();
				input.value = query.slice(0, i);
				input.dispatchEvent(new Event('input', { bubbles: true }));
				samples.push((await updated) - start);
				const drawn = table.innerHTML;
				await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
				await nextTask();
				if (table.innerHTML !== drawn) late++;
			}
			input.value = '';
			input.dispatchEvent(new Event('input', { bubbles: true }));
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		return { samples, late };
	}, QUERIES);
	if (late > 0) throw new Error(`${late} keystrokes updated the list after they were timed`);
	return samples;
}

/**
 * Milliseconds from the reload's navigation start until both documents are in and the server has
 * acknowledged them (the sync indicator's « Enregistré »): search and edits then work on the
 * documents, not on the last visit's list.
 */
async function documentsIn(page: Page): Promise<number> {
	await page.waitForFunction(
		() => document.querySelector('[role=status][data-state=saved]') !== null,
		undefined,
		{ timeout: 120_000 }
	);
	return page.evaluate(() => performance.now());
}

export async function run(): Promise<void> {
	// Keystroke p95 under 12 ms: issue 16's target, tighter than issue 3's 16.
	await measure(STANDARD_FIRM, { cold: 1500, warm: 300, keystroke: 12 });
	if (process.env.BENCH_LARGE_FIRM !== '0') await measure(LARGE_FIRM, null);
}

/**
 * One firm's figures; `targets` null for a size that is measured, not held to targets. The large
 * firm alone: `node -e "import('./bench/tasks-view.ts').then((m) => m.measure(m.LARGE_FIRM, null))"`.
 */
export async function measure(
	size: FirmSize,
	targets: { cold: number; warm: number; keystroke: number } | null
): Promise<void> {
	const tasks = size.clients * size.tasksPerClient;
	const count = (n: number) => n.toLocaleString('en');
	console.log(
		`\n== « Tâches » at scale: ${count(size.clients)} clients, ${count(tasks)} tasks, ` +
			`${count(tasks * size.requestsPerTask)} requests (Chromium) ==`
	);
	const dataDir = mkdtempSync(join(tmpdir(), 'navette-bigfirm-'));
	const started = performance.now();
	const store = SqliteStore.open(join(dataDir, 'navette.db'));
	const { bytes } = await generateFirm(store, size);
	await store.close();
	const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
	console.log(
		`generated in ${((performance.now() - started) / 1000).toFixed(1)} s; Yjs updates: tasks ` +
			`${mb(bytes.tasks)}, overview ${mb(bytes.overview)}, requests ${mb(bytes.requests)}`
	);

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
		const warmDocs: number[] = [];
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
			await documentsIn(page);
			await page.waitForTimeout(1500);
			await serverIdle(server.child.pid!);
			warm.push(await timeToInteractive(page, null));
			// The warm list shows the last visit's snapshot at once, and the documents load behind
			// it: typing is measured once they are in and indexed, not during the load.
			warmDocs.push(await documentsIn(page));
			await page.waitForTimeout(1500);
			await serverIdle(server.child.pid!);
			keys = keys.concat(await keystrokes(page));
			await context.close();
		}
		console.log(HEADER);
		console.log(row('cold: login → « Tâches » interactive', summarize(cold)));
		console.log(row('warm: reload from IndexedDB', summarize(warm)));
		console.log(row('warm: reload → documents in', summarize(warmDocs)));
		const k = summarize(keys);
		console.log(row('keystroke → updated list', k));
		const median = (samples: number[]) => summarize(samples).p50.toFixed(0);
		if (targets) {
			console.log(
				`targets: cold < ${targets.cold} ms (median ${median(cold)}), warm < ${targets.warm} ms ` +
					`(median ${median(warm)}), keystroke p95 < ${targets.keystroke} ms (${k.p95.toFixed(1)})`
			);
		} else {
			console.log(
				`measured only (issue 16's goal: warm under 1 s): cold median ${median(cold)} ms, ` +
					`warm median ${median(warm)} ms, documents in ${median(warmDocs)} ms, ` +
					`keystroke p95 ${k.p95.toFixed(1)} ms`
			);
		}
	} finally {
		await browser.close();
		await server.kill('SIGTERM');
		rmSync(dataDir, { recursive: true, force: true });
	}
}
