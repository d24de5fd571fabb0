import { once } from 'node:events';
import { PerformanceObserver } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { readRequests, updateRequest } from '../src/lib/doc/requests.ts';
import { connectProvider, type TestProvider } from '../tests/helpers/providers.ts';
import { sentRequest, waitFor } from './scale-out.ts';

/**
 * One of the steady load's generators (`sync-load.ts`), in a worker thread of its own: its share
 * of the providers, documents and edits a second. Split so that no generator's heap grows to
 * hundreds of megabytes, whose collections paused every acknowledgement in flight for 13 – 100 ms
 * whichever server was measured; browsers, each in its own process, do not add such pauses.
 */
export interface GeneratorInput {
	url: string;
	origin: string;
	token: string;
	documents: string[];
	clients: number;
	rate: number;
	loadMs: number;
	/** GC pauses longer than this are reported. */
	pauseMs: number;
}

export interface GeneratorOutput {
	ack: number[];
	sent: number;
	/** This generator's GC pauses over `pauseMs` during the load. */
	pauses: number[];
}

const TICK_MS = 10;
const ACTOR = { id: 'bench', name: 'Bench' };

const input = workerData as GeneratorInput;
const port = parentPort!;

async function connectAll(): Promise<TestProvider[]> {
	const providers: TestProvider[] = [];
	for (let i = 0; i < input.clients; i += 100) {
		const chunk = Array.from({ length: Math.min(100, input.clients - i) }, (_, j) =>
			connectProvider({
				url: input.url,
				origin: input.origin,
				token: input.token,
				name: input.documents[(i + j) % input.documents.length]!
			})
		);
		await Promise.all(chunk.map((provider) => provider.synced));
		providers.push(...chunk);
	}
	return providers;
}

/** One request per document, made by its first provider; the others wait until they see it. */
async function requestPerDocument(providers: TestProvider[]): Promise<string[]> {
	const count = input.documents.length;
	const ids = await Promise.all(providers.slice(0, count).map(sentRequest));
	await waitFor(() =>
		providers.every((provider, i) =>
			readRequests(provider.doc).some((request) => request.id === ids[i % count])
		)
	);
	return ids;
}

async function load(providers: TestProvider[], ids: string[]): Promise<GeneratorOutput> {
	const ack: number[] = [];
	const pauses: number[] = [];
	const gc = new PerformanceObserver((list) => {
		for (const entry of list.getEntries())
			if (entry.duration > input.pauseMs) pauses.push(entry.duration);
	});
	gc.observe({ entryTypes: ['gc'] });
	const total = Math.floor((input.loadMs / 1000) * input.rate);
	let sent = 0;
	const start = performance.now();
	await new Promise<void>((resolve) => {
		const timer = setInterval(() => {
			const elapsed = performance.now() - start;
			const due = Math.min(Math.floor((elapsed / 1000) * input.rate), total);
			for (; sent < due; sent++) {
				const index = Math.floor(Math.random() * providers.length);
				const provider = providers[index]!;
				const at = performance.now();
				updateRequest(provider.doc, ids[index % ids.length]!, { title: `Relevé ${sent}` }, ACTOR);
				void provider.saved().then(() => ack.push(performance.now() - at));
			}
			if (elapsed >= input.loadMs) {
				clearInterval(timer);
				resolve();
			}
		}, TICK_MS);
	});
	const deadline = performance.now() + 5000;
	await waitFor(() => ack.length === sent || performance.now() > deadline);
	gc.disconnect();
	return { ack, sent, pauses };
}

const providers = await connectAll();
const ids = await requestPerDocument(providers);
port.postMessage('ready');
// Every generator starts its load at the parent's word, so that their loads overlap in full.
await once(port, 'message');
const output = await load(providers, ids);
for (const provider of providers) provider.destroy();
port.postMessage(output);
