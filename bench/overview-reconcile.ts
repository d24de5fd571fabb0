import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { createNavette } from '../server/app.ts';
import { mergeToSnapshot } from '../server/documents.ts';
import { MergeWorker } from '../server/MergeWorker.ts';
import { loadConfig } from '../server/config.ts';
import {
	initOverviewDocument,
	readRequestSummaries,
	syncSummaries
} from '../src/lib/doc/overview.ts';
import { readRequests, setRequestStatus } from '../src/lib/doc/requests.ts';
import { overviewDocName, requestsDocName } from '../src/lib/domain/doc-names.ts';
import type { InfoRequest } from '../src/lib/domain/request.ts';
import { SqliteStore } from '../src/lib/server/store/SqliteStore.ts';
import type { Store } from '../src/lib/server/store/Store.ts';
import { generateFirm } from './generate-firm.ts';

const ACTOR = { id: 'bench', name: 'Bench' };
const RUNS = 3;

/**
 * The firm overview's costs on 500 clients × 50 requests (25,000 summaries), in process:
 * reconciling a whole firm from the store (what an overview's load does), and mirroring one
 * client's change (what every requests edit does).
 */
export async function run(): Promise<void> {
	console.log('\n== Firm overview: 500 clients × 50 requests (25,000 summaries) ==');
	const dataDir = mkdtempSync(join(tmpdir(), 'navette-overview-'));
	try {
		const store = SqliteStore.open(join(dataDir, 'navette.db'));
		const started = performance.now();
		const { firmId } = await generateFirm(store);
		console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
		await components(store, firmId);
		await compaction(store, firmId);
		await store.close();
		await fullPath(dataDir, firmId);
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}

/** Each step of a reconciliation, on its own. */
async function components(store: Store, firmId: string): Promise<void> {
	for (let i = 0; i < RUNS; i++) {
		let t = performance.now();
		const byClient = new Map<string, InfoRequest[]>();
		for (const client of await store.listClients(firmId)) {
			const stored = (await store.loadDocument(requestsDocName(firmId, client.id)))!;
			const scratch = new Y.Doc();
			scratch.transact(() => {
				if (stored.snapshot) Y.applyUpdate(scratch, stored.snapshot);
				for (const update of stored.updates) Y.applyUpdate(scratch, update);
			});
			byClient.set(client.id, readRequests(scratch));
			scratch.destroy();
		}
		const read = performance.now() - t;

		const overview = new Y.Doc();
		initOverviewDocument(overview);
		t = performance.now();
		syncSummaries(overview, byClient, ACTOR);
		const empty = performance.now() - t;
		t = performance.now();
		const { changed } = syncSummaries(overview, byClient, ACTOR);
		const upToDate = performance.now() - t;

		const [clientId, requests] = [...byClient][0]!;
		const requestsDoc = new Y.Doc();
		const stored = (await store.loadDocument(requestsDocName(firmId, clientId)))!;
		Y.applyUpdate(requestsDoc, stored.snapshot ?? stored.updates[0]!);
		setRequestStatus(requestsDoc, requests[0]!.id, 'done', ACTOR);
		t = performance.now();
		syncSummaries(overview, new Map([[clientId, readRequests(requestsDoc)]]), ACTOR);
		const mirror = performance.now() - t;
		const size = Y.encodeStateAsUpdate(overview).byteLength;
		console.log(
			`run ${i + 1}: read 500 requests docs from the store ${ms(read)} · sync into an empty ` +
				`overview ${ms(empty)} · re-sync, up to date ${ms(upToDate)} (${changed} changed) · ` +
				`mirror one client ${ms(mirror)} · overview ${(size / 2 ** 20).toFixed(1)} MiB`
		);
	}
}

/** A cold server opening the overview: load from the store, then reconcile every client. */
async function fullPath(dataDir: string, firmId: string): Promise<void> {
	for (let i = 0; i < RUNS; i++) {
		const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SEED: 'none' });
		const navette = await createNavette(config, { log: () => {} });
		const delay = monitorEventLoopDelay({ resolution: 5 });
		const t = performance.now();
		const connection = await navette.hocuspocus.openDirectConnection(overviewDocName(firmId), {});
		const open = performance.now() - t;
		delay.enable();
		await navette.overview.settled();
		const reconciled = performance.now() - t;
		delay.disable();
		let count = 0;
		await connection.transact((doc) => (count = readRequestSummaries(doc).length));
		await connection.disconnect();
		await navette.close();
		console.log(
			`cold open of the overview: first sync possible after ${ms(open)} (load), ` +
				`${count} summaries reconciled after ${ms(reconciled)}, ` +
				`longest event-loop stall during the reconciliation ${ms(delay.max / 1e6)}`
		);
	}
}

/**
 * Compacting the overview (snapshot + log → one snapshot), as Persistence does when it unloads:
 * the merge on the event loop (the baseline) against the merge in the worker thread, each with the
 * longest gap between the ticks of a 1 ms timer meanwhile (what every connection waits).
 */
async function compaction(store: Store, firmId: string): Promise<void> {
	const stored = (await store.loadDocument(overviewDocName(firmId)))!;
	const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
	const merges = new MergeWorker();
	try {
		for (let i = 0; i < RUNS; i++) {
			const inline = await stalls(() => mergeToSnapshot(parts));
			const worker = await stalls(() => merges.merge(parts));
			console.log(
				`compact the overview (${(parts.reduce((n, p) => n + p.byteLength, 0) / 2 ** 20).toFixed(1)} MiB): ` +
					`on the event loop ${ms(inline.took)} (stall ${ms(inline.stall)}) · ` +
					`in the worker ${ms(worker.took)} (stall ${ms(worker.stall)})`
			);
		}
	} finally {
		await merges.close();
	}
}

async function stalls(work: () => unknown): Promise<{ took: number; stall: number }> {
	let last = performance.now();
	let stall = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		stall = Math.max(stall, now - last);
		last = now;
	}, 1);
	await new Promise((resolve) => setTimeout(resolve, 5));
	const start = performance.now();
	last = start;
	stall = 0;
	await work();
	const took = performance.now() - start;
	await new Promise((resolve) => setTimeout(resolve, 5));
	clearInterval(timer);
	return { took, stall };
}

function ms(value: number): string {
	return `${value.toFixed(0)} ms`;
}

if (import.meta.main) await run();
