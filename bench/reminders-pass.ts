import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createNavette, type Navette } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { readRequests } from '../src/lib/doc/requests.ts';
import { overviewDocName, requestsDocName, tasksDocName } from '../src/lib/domain/doc-names.ts';
import { DEFAULT_REMINDER_POLICY } from '../src/lib/domain/reminder-policy.ts';
import { parisDate } from '../src/lib/domain/paris-time.ts';
import { ManualClock } from '../src/lib/server/jobs/clock.ts';
import { dueToday, firmReminderContext } from '../src/lib/server/reminders/digests.ts';
import { overviewByClient, runReminderPass } from '../src/lib/server/reminders/pass.ts';
import { REMINDER_SETTING_KEY } from '../src/lib/server/reminders/policy.ts';
import { SqliteStore } from '../src/lib/server/store/SqliteStore.ts';
import { generateFirm } from './generate-firm.ts';

const DAY_MS = 24 * 3_600_000;

/**
 * The daily reminder pass over a 500-client firm (25,000 requests, one contact per client, the
 * clock 10 days after the requests were sent, so that every client with an open request is due):
 * the decisions read from the overview against the same decisions from the 500 clients'
 * documents opened one by one (the baseline), then the whole pass (decisions, 500 sign-in links,
 * 500 digests queued with their records), each with the documents it opened, its CPU time and
 * the longest event-loop block. Targets (issue 13): < 1 s of CPU, no block over 50 ms.
 */
export async function run(): Promise<void> {
	console.log('\n== Reminders: the daily pass over 500 clients × 50 requests ==');
	const dataDir = mkdtempSync(join(tmpdir(), 'navette-reminders-'));
	try {
		const store = SqliteStore.open(join(dataDir, 'navette.db'));
		const { firmId } = await generateFirm(store);
		for (const client of await store.listClients(firmId)) {
			await store.createUser({
				firmId,
				email: `contact-${client.id}@client.fr`,
				name: `Contact ${client.name}`,
				role: 'client',
				clientId: client.id,
				passwordHash: 'x'
			});
		}
		await store.setFirmSetting(
			firmId,
			REMINDER_SETTING_KEY,
			{ ...DEFAULT_REMINDER_POLICY, hour: '00:00', workingDaysOnly: false },
			new Date().toISOString()
		);
		await store.close();

		const clock = new ManualClock(Date.now() + 10 * DAY_MS);
		const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SEED: 'none' });
		const navette = await createNavette(config, { log: () => {}, clock, reminders: false });
		try {
			// The overview and the tasks document loaded first, as on a server where staff have them
			// open: their load (and the overview's reconciliation, bench/overview-reconcile.ts) is
			// theirs, not the pass's; the tasks document's cold load is printed on its own.
			const held = await navette.hocuspocus.openDirectConnection(overviewDocName(firmId), {});
			await navette.overview.settled();
			const tasks = await measure(navette, async () => {
				await navette.runtime.documents.read(tasksDocName(firmId), () => 0);
				return 0;
			});
			report('cold load of the tasks document', tasks);
			const heldTasks = await navette.hocuspocus.openDirectConnection(tasksDocName(firmId), {});
			const fromOverview = await measure(navette, () => decisionsFromOverview(navette, firmId));
			const fromDocuments = await measure(navette, () => decisionsFromDocuments(navette, firmId));
			report('decisions from the overview', fromOverview);
			report('baseline: from the 500 documents', fromDocuments);
			console.log(
				`  overview vs documents: ${(fromDocuments.cpuMs / fromOverview.cpuMs).toFixed(1)}× less CPU, ` +
					`same decisions: ${fromOverview.due === fromDocuments.due}`
			);
			const pass = await measure(navette, async () => {
				const result = await runReminderPass(
					navette.runtime,
					firmId,
					parisDate(clock.now()),
					clock.now()
				);
				return result.digests;
			});
			report('the whole pass (500 digests queued)', pass);
			const verdict = (m: Measure) =>
				[
					m.documents <= 2 ? 'overview, not 500 documents' : 'OPENED CLIENT DOCUMENTS',
					m.cpuMs < 1000 ? 'CPU < 1 s' : 'CPU OVER 1 s',
					m.maxBlockMs < 50 ? 'no block over 50 ms' : 'A BLOCK OVER 50 ms'
				].join(', ');
			console.log(`  targets, the decisions: ${verdict(fromOverview)}`);
			console.log(`  targets, the whole pass with its 500 digests: ${verdict(pass)}`);
			await heldTasks.disconnect();
			await held.disconnect();
		} finally {
			await navette.close();
		}
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}

interface Measure {
	/** Requests due (decisions) or digests queued (the pass). */
	due: number;
	documents: number;
	cpuMs: number;
	wallMs: number;
	maxBlockMs: number;
}

/** Runs `work` counting the documents it opened through the runtime, its CPU and longest block. */
async function measure(navette: Navette, work: () => Promise<number>): Promise<Measure> {
	const documents = navette.runtime.documents;
	let opened = 0;
	const read = documents.read.bind(documents);
	documents.read = (name, fn) => {
		opened++;
		return read(name, fn);
	};
	const delay = monitorEventLoopDelay({ resolution: 1 });
	await nextTurn();
	delay.enable();
	const cpu = process.cpuUsage();
	const started = performance.now();
	try {
		const due = await work();
		const used = process.cpuUsage(cpu);
		return {
			due,
			documents: opened,
			cpuMs: (used.user + used.system) / 1000,
			wallMs: performance.now() - started,
			maxBlockMs: delay.max / 1e6
		};
	} finally {
		delay.disable();
		documents.read = read;
	}
}

function report(label: string, m: Measure): void {
	console.log(
		`${label.padEnd(38)} ${String(m.due).padStart(6)} due · ${String(m.documents).padStart(3)} documents opened · ` +
			`CPU ${m.cpuMs.toFixed(0)} ms · wall ${m.wallMs.toFixed(0)} ms · longest block ${m.maxBlockMs.toFixed(1)} ms`
	);
}

async function context(navette: Navette, firmId: string) {
	const firm = (await navette.store.getFirm(firmId))!;
	return firmReminderContext(navette.runtime, firm, navette.clock.now());
}

/** What the pass decides, from the overview, a client at a time with a yield between them. */
async function decisionsFromOverview(navette: Navette, firmId: string): Promise<number> {
	const ctx = await context(navette, firmId);
	let due = 0;
	for (const items of (await overviewByClient(navette.runtime, firmId)).values()) {
		due += dueToday(ctx, items).length;
		await nextTurn();
	}
	return due;
}

/** The same decisions from each client's own document, opened one by one. */
async function decisionsFromDocuments(navette: Navette, firmId: string): Promise<number> {
	const ctx = await context(navette, firmId);
	let due = 0;
	for (const client of await navette.store.listClients(firmId)) {
		const items = await navette.runtime.documents.read(requestsDocName(firmId, client.id), (doc) =>
			readRequests(doc).map((r) => ({ ...r, clientId: client.id }))
		);
		due += dueToday(ctx, items).length;
		await nextTurn();
	}
	return due;
}
// A Hocuspocus document's awareness timer outlives `navette.close()`: exit rather than wait on it.
if (import.meta.main) {
	await run();
	process.exit(0);
}
