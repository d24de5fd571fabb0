import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { machineAtRest } from './at-rest.ts';
import { navetteDeployment, plainDeployment, type Deployment, type Endpoint } from './scale-out.ts';
import type { GeneratorInput, GeneratorOutput } from './sync-load-generator.ts';
import { HEADER, row, summarize, type Summary } from './stats.ts';

/**
 * Issue 16's steady load on one instance: CLIENTS providers over DOCUMENTS documents (three
 * browsers on each client's requests), RATE edits a second in all, spread at random over the
 * providers, for LOAD_MS. Each edit is timed until its sender is acknowledged (stored, for
 * Navette). Open loop: an edit goes out on schedule whether or not the earlier ones were
 * acknowledged, as browsers do. Against plain Hocuspocus and Hocuspocus + extension-sqlite under
 * the same load. The providers run in GENERATORS worker threads, each with its share of the
 * documents and of the rate (`sync-load-generator.ts`).
 */
const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 1500);
const DOCUMENTS = Number(process.env.BENCH_LOAD_DOCUMENTS ?? 500);
const RATE = Number(process.env.BENCH_LOAD_RATE ?? 350);
const LOAD_MS = Number(process.env.BENCH_LOAD_MS ?? 10_000);
const GENERATORS = Number(process.env.BENCH_LOAD_GENERATORS ?? 3);
const PAUSE_MS = 10;

interface Load {
	ack: Summary;
	/** Edits sent but not acknowledged once the load ended and 5 s had passed. */
	unacknowledged: number;
	/**
	 * The generators' own GC pauses over {@link PAUSE_MS} during the load: an acknowledgement
	 * that arrives in one waits for it, whichever server is measured.
	 */
	pauses: number[];
	/** Whether the machine was at rest when the load began (`machineAtRest`). */
	rested: boolean;
}

export async function steadyLoad(deployment: Deployment): Promise<Load> {
	const [endpoint] = deployment.endpoints as [Endpoint];
	// One token for all: minting 1,500 would measure the sign-in, not the sync.
	const token = typeof endpoint.token === 'string' ? endpoint.token : await endpoint.token();
	const generators = Array.from({ length: GENERATORS }, (_, g) => {
		const documents = deployment.writerDocuments.filter((_, i) => i % GENERATORS === g);
		const input: GeneratorInput = {
			url: endpoint.url,
			origin: endpoint.origin,
			token,
			documents,
			clients: Math.round((CLIENTS * documents.length) / DOCUMENTS),
			rate: (RATE * documents.length) / DOCUMENTS,
			loadMs: LOAD_MS,
			pauseMs: PAUSE_MS
		};
		return new Worker(new URL('./sync-load-generator.ts', import.meta.url), {
			workerData: input
		});
	});
	try {
		await Promise.all(generators.map((worker) => once(worker, 'message')));
		const rested = await machineAtRest();
		const done = generators.map(
			async (worker) => (await once(worker, 'message'))[0] as GeneratorOutput
		);
		for (const worker of generators) worker.postMessage('start');
		const outputs = await Promise.all(done);
		const ack = outputs.flatMap((output) => output.ack);
		const sent = outputs.reduce((sum, output) => sum + output.sent, 0);
		return {
			ack: summarize(ack),
			unacknowledged: sent - ack.length,
			pauses: outputs.flatMap((output) => output.pauses),
			rested
		};
	} finally {
		await Promise.all(generators.map((worker) => worker.terminate()));
	}
}

async function measure(deploy: () => Promise<Deployment>): Promise<Load> {
	const deployment = await deploy();
	try {
		return await steadyLoad(deployment);
	} finally {
		await deployment.stop();
	}
}

export async function run(): Promise<void> {
	console.log(
		`\n== Steady load, one instance: ${CLIENTS} providers on ${DOCUMENTS} documents, ` +
			`${RATE} edits/s for ${LOAD_MS / 1000} s, from ${GENERATORS} worker threads ==`
	);
	const results: [string, Load][] = [
		['plain Hocuspocus', await measure(() => plainDeployment(1, false, DOCUMENTS))],
		['Hocuspocus + extension-sqlite', await measure(() => plainDeployment(1, true, DOCUMENTS))],
		['Navette SQLite', await measure(() => navetteDeployment('sqlite', 1, DOCUMENTS))]
	];
	console.log(`edit → ack${HEADER.slice(10)}`);
	for (const [label, load] of results) {
		console.log(
			row(label, load.ack) +
				(load.unacknowledged ? `  (${load.unacknowledged} unacknowledged)` : '') +
				(load.rested ? '' : '  (the machine was not at rest after 20 s)')
		);
	}
	const pauses = results.map(
		([label, { pauses }]) =>
			`${label} ${pauses.length}` +
			(pauses.length ? ` (longest ${Math.max(...pauses).toFixed(0)} ms)` : '')
	);
	console.log(`the load generators' own GC pauses over ${PAUSE_MS} ms: ${pauses.join(' · ')}`);
	const navette = results[2]![1];
	console.log(
		`Navette ack p99 ${navette.ack.p99.toFixed(2)} ms (target < 10) · ` +
			`ratio to plain p99 ${(navette.ack.p99 / results[0]![1].ack.p99).toFixed(2)}×`
	);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
