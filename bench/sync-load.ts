import { PerformanceObserver } from 'node:perf_hooks';
import { updateRequest, readRequests } from '../src/lib/doc/requests.ts';
import { connectProvider, type TestProvider } from '../tests/helpers/providers.ts';
import {
	navetteDeployment,
	plainDeployment,
	sentRequest,
	type Deployment,
	type Endpoint
} from './scale-out.ts';
import { HEADER, row, summarize, type Summary } from './stats.ts';

/**
 * Issue 16's steady load on one instance: CLIENTS providers over DOCUMENTS documents (three
 * browsers on each client's requests), RATE edits a second in all, spread at random over the
 * providers, for LOAD_MS. Each edit is timed until its sender is acknowledged (stored, for
 * Navette). Open loop: an edit goes out on schedule whether or not the earlier ones were
 * acknowledged, as browsers do. Against plain Hocuspocus and Hocuspocus + extension-sqlite under
 * the same load.
 */
const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 1500);
const DOCUMENTS = Number(process.env.BENCH_LOAD_DOCUMENTS ?? 500);
const RATE = Number(process.env.BENCH_LOAD_RATE ?? 350);
const LOAD_MS = Number(process.env.BENCH_LOAD_MS ?? 10_000);
const TICK_MS = 10;
const ACTOR = { id: 'bench', name: 'Bench' };

interface Load {
	ack: Summary;
	/** Edits sent but not acknowledged once the load ended and 5 s had passed. */
	unacknowledged: number;
	/**
	 * This process's own GC pauses over {@link PAUSE_MS} during the load: an acknowledgement that
	 * arrives in one waits for it, whichever server is measured.
	 */
	pauses: number[];
}

const PAUSE_MS = 10;

async function connectAll(deployment: Deployment): Promise<TestProvider[]> {
	const [endpoint] = deployment.endpoints as [Endpoint];
	// One token for all: minting 1,500 would measure the sign-in, not the sync.
	const token = typeof endpoint.token === 'string' ? endpoint.token : await endpoint.token();
	const providers: TestProvider[] = [];
	for (let i = 0; i < CLIENTS; i += 100) {
		const chunk = Array.from({ length: Math.min(100, CLIENTS - i) }, (_, j) =>
			connectProvider({
				...endpoint,
				token,
				name: deployment.writerDocuments[(i + j) % DOCUMENTS]!
			})
		);
		await Promise.all(chunk.map((provider) => provider.synced));
		providers.push(...chunk);
	}
	return providers;
}

/** One request per document, made by its first provider; the others wait until they see it. */
async function requestPerDocument(providers: TestProvider[]): Promise<string[]> {
	const ids = await Promise.all(providers.slice(0, DOCUMENTS).map(sentRequest));
	await waitFor(() =>
		providers.every((provider, i) =>
			readRequests(provider.doc).some((request) => request.id === ids[i % DOCUMENTS])
		)
	);
	return ids;
}

export async function steadyLoad(deployment: Deployment): Promise<Load> {
	const providers = await connectAll(deployment);
	const ids = await requestPerDocument(providers);
	const ack: number[] = [];
	const pauses: number[] = [];
	const gc = new PerformanceObserver((list) => {
		for (const entry of list.getEntries())
			if (entry.duration > PAUSE_MS) pauses.push(entry.duration);
	});
	gc.observe({ entryTypes: ['gc'] });
	let sent = 0;
	let next = 0;
	const start = performance.now();
	await new Promise<void>((resolve) => {
		const timer = setInterval(() => {
			const elapsed = performance.now() - start;
			const due = Math.min(
				Math.floor((elapsed / 1000) * RATE),
				Math.floor((LOAD_MS / 1000) * RATE)
			);
			for (; sent < due; sent++) {
				const index = Math.floor(Math.random() * providers.length);
				const provider = providers[index]!;
				const at = performance.now();
				updateRequest(provider.doc, ids[index % DOCUMENTS]!, { title: `Relevé ${next++}` }, ACTOR);
				void provider.saved().then(() => ack.push(performance.now() - at));
			}
			if (elapsed >= LOAD_MS) {
				clearInterval(timer);
				resolve();
			}
		}, TICK_MS);
	});
	const deadline = performance.now() + 5000;
	await waitFor(() => ack.length === sent || performance.now() > deadline);
	gc.disconnect();
	for (const provider of providers) provider.destroy();
	return { ack: summarize(ack), unacknowledged: sent - ack.length, pauses };
}

async function waitFor(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
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
			`${RATE} edits/s for ${LOAD_MS / 1000} s ==`
	);
	const results: [string, Load][] = [
		['plain Hocuspocus', await measure(() => plainDeployment(1, false, DOCUMENTS))],
		['Hocuspocus + extension-sqlite', await measure(() => plainDeployment(1, true, DOCUMENTS))],
		['Navette SQLite', await measure(() => navetteDeployment('sqlite', 1, DOCUMENTS))]
	];
	console.log(`edit → ack${HEADER.slice(10)}`);
	for (const [label, load] of results) {
		console.log(
			`${row(label, load.ack)}${load.unacknowledged ? `  (${load.unacknowledged} unacknowledged)` : ''}`
		);
	}
	const pauses = results.map(
		([label, { pauses }]) =>
			`${label} ${pauses.length}` +
			(pauses.length ? ` (longest ${Math.max(...pauses).toFixed(0)} ms)` : '')
	);
	console.log(`the load generator's own GC pauses over ${PAUSE_MS} ms: ${pauses.join(' · ')}`);
	const navette = results[2]![1];
	console.log(
		`Navette ack p99 ${navette.ack.p99.toFixed(2)} ms (target < 10) · ` +
			`ratio to plain p99 ${(navette.ack.p99 / results[0]![1].ack.p99).toFixed(2)}×`
	);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
