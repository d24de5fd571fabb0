import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createTask, readTasks } from '../src/lib/doc/tasks.ts';
import { transmitRequest, updateRequest } from '../src/lib/doc/requests.ts';
import { requestsDocName, tasksDocName } from '../src/lib/domain/doc-names.ts';
import { PostgresStore } from '../src/lib/server/store/PostgresStore.ts';
import { SqliteStore } from '../src/lib/server/store/SqliteStore.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../server/seed.ts';
import { collabToken, loginCookie } from '../tests/helpers/http.ts';
import { freePort } from '../tests/helpers/ports.ts';
import { freshDatabase } from '../tests/helpers/postgres.ts';
import { residentBytes } from '../tests/helpers/proc.ts';
import { connectProvider, type TestProvider } from '../tests/helpers/providers.ts';
import { spawnNavette, type SpawnedNavette } from '../tests/helpers/spawn.ts';
import { interleaved, settle, type Pair, type Result } from './edit-latency.ts';
import { sqliteBaselineEntry } from './sqlite-baseline.ts';
import { HEADER, row, summarize, type Summary } from './stats.ts';

/**
 * Several instances (PostgreSQL + Redis), against the plain baseline of the same shape: two
 * Hocuspocus processes of the same version with only the Redis extension, nothing stored.
 *
 * - latency: one provider edits a task on instance 1, a peer on instance 2 receives it; every
 *   deployment is up for it, and they are measured in alternated rounds (`interleaved`);
 * - capacity: writers spread over the instances, each editing a request of its own client's
 *   document in a loop (as many clients answering at once), every edit awaited until
 *   acknowledged (stored, for Navette). Distinct documents, so that the figure is the servers'
 *   work, not the fan-out of one document to every writer in this one process. At each count
 *   of WRITER_COUNTS every deployment is loaded in turn, and each one's capacity is the most it
 *   reached (saturation): with its acknowledgement held until stored, a server answers each
 *   writer later, so the same number of writers that saturates plain Hocuspocus leaves Navette
 *   waiting on its disk, not working, and the figure would be a latency, not a capacity.
 *
 * Every server is a separate process; the providers all run here.
 */
const EDITS = Number(process.env.BENCH_SCALE_EDITS ?? 500);
const WRITER_COUNTS = (process.env.BENCH_SCALE_WRITERS ?? '40,120,240').split(',').map(Number);
const WRITERS = Math.max(...WRITER_COUNTS);
const LOAD_MS = Number(process.env.BENCH_SCALE_LOAD_MS ?? 5000);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ACTOR = { id: 'bench', name: 'Bench' };

export interface Endpoint {
	url: string;
	origin: string;
	name: string;
	token: string | (() => Promise<string>);
}

/** One deployment under test: where providers connect, and its server processes. */
export interface Deployment {
	endpoints: Endpoint[];
	/** One document per writer, each on its own client. */
	writerDocuments: string[];
	pids: number[];
	stop(): Promise<void>;
}

/**
 * `instances` Hocuspocus processes of the same version: with no extension but Redis (between
 * several), or, with `sqlite`, one with `@hocuspocus/extension-sqlite` as a user would deploy it.
 */
export async function plainDeployment(
	instances: number,
	sqlite = false,
	documents = WRITERS
): Promise<Deployment> {
	const prefix = `plain-bench-${crypto.randomUUID()}`;
	const children: ChildProcess[] = [];
	const endpoints: Endpoint[] = [];
	const dataDir = mkdtempSync(join(tmpdir(), 'plain-bench-'));
	const entry = sqlite
		? sqliteBaselineEntry()
		: fileURLToPath(new URL('./plain-hocuspocus.ts', import.meta.url));
	for (let i = 0; i < instances; i++) {
		const port = await freePort();
		const child = spawn(process.execPath, [entry], {
			env: {
				...process.env,
				PORT: String(port),
				DATABASE_FILE: join(dataDir, `hocuspocus-${i}.db`),
				...(instances > 1 ? { REDIS_URL, REDIS_PREFIX: prefix } : {})
			},
			stdio: ['ignore', 'pipe', 'inherit']
		});
		await new Promise<void>((resolve) =>
			createInterface({ input: child.stdout! }).on('line', (line) => {
				if (line.startsWith('Navette est prête')) resolve();
			})
		);
		children.push(child);
		endpoints.push({
			url: `ws://127.0.0.1:${port}`,
			origin: 'http://localhost',
			name: 'bench',
			token: 'x'
		});
	}
	return {
		endpoints,
		writerDocuments: Array.from({ length: documents }, (_, i) => `bench-${i}`),
		pids: children.map((child) => child.pid!),
		async stop() {
			for (const child of children) {
				const exited = once(child, 'exit');
				child.kill('SIGTERM');
				await exited;
			}
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

export async function navetteDeployment(
	store: 'sqlite' | 'postgres',
	instances: number,
	documents = WRITERS
): Promise<Deployment> {
	const dataDir = mkdtempSync(join(tmpdir(), 'navette-bench-scale-'));
	const database = store === 'postgres' ? await freshDatabase() : null;
	const env: Record<string, string> = database ? { DATABASE_URL: database.url } : {};
	if (instances > 1)
		Object.assign(env, { REDIS_URL, REDIS_PREFIX: `navette-bench-${crypto.randomUUID()}` });
	const servers: SpawnedNavette[] = [];
	const endpoints: Endpoint[] = [];
	for (let i = 0; i < instances; i++) {
		const port = await freePort();
		const server = await spawnNavette({
			port,
			dataDir,
			env: { ...env, SEED: i === 0 ? 'demo' : 'none' }
		});
		servers.push(server);
		const cookie = await loginCookie(server.origin, DEMO_ACCOUNTS.claire, DEMO_PASSWORD);
		const info = await collabToken(server.origin, cookie);
		endpoints.push({
			url: `ws://127.0.0.1:${port}/collab`,
			origin: server.origin,
			name: tasksDocName(info.firmId as string),
			token: async () => (await collabToken(server.origin, cookie)).token as string
		});
	}
	return {
		endpoints,
		writerDocuments: await clientDocuments(documents, dataDir, database?.url),
		pids: servers.map((server) => server.child.pid!),
		async stop() {
			for (const server of servers) await server.kill('SIGTERM');
			await database?.drop();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** `count` new clients of the demo firm, written straight into the running deployment's store. */
async function clientDocuments(
	count: number,
	dataDir: string,
	databaseUrl?: string
): Promise<string[]> {
	const store = databaseUrl
		? await PostgresStore.open(databaseUrl)
		: SqliteStore.open(join(dataDir, 'navette.db'));
	try {
		const { firmId } = (await store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
		const clients = await store.createClients(
			Array.from({ length: count }, (_, i) => ({ firmId, name: `Client ${i}` }))
		);
		return clients.map((client) => requestsDocName(firmId, client.id));
	} finally {
		await store.close();
	}
}

async function connect(endpoint: Endpoint): Promise<TestProvider> {
	const provider = connectProvider(endpoint);
	await provider.synced;
	return provider;
}

/** A task of the tasks document (the demo's, or a new one on a plain server). */
async function aTask(provider: TestProvider): Promise<string> {
	const existing = readTasks(provider.doc)[0];
	if (existing) return existing.id;
	const task = createTask(provider.doc, { title: 'Tâche', clientId: 'c', assigneeId: 'u' }, ACTOR);
	await provider.saved();
	return task.id;
}

/** A provider on the first instance, editing a task, and one on the last, watching it. */
async function latencyPair(deployment: Deployment): Promise<Pair> {
	const a = await connect(deployment.endpoints[0]!);
	const b = await connect(deployment.endpoints.at(-1)!);
	const taskId = await aTask(a);
	await waitFor(() => readTasks(b.doc).some((task) => task.id === taskId));
	return { a, b, taskId };
}

interface Capacity {
	writers: number;
	editsPerSecond: number;
	ack: Summary;
	rssMiB: number[];
}

/** A request `writer` sends on its document, once the server acknowledged it: its id. */
export async function sentRequest(writer: TestProvider): Promise<string> {
	const request = transmitRequest(
		writer.doc,
		{ taskId: 't', title: 'Relevé', description: '' },
		ACTOR
	);
	await writer.saved();
	return request.id;
}

/** A writer on each of a deployment's documents, and the request each one edits. */
interface Writers {
	writers: TestProvider[];
	requestIds: string[];
}

async function connectWriters({ endpoints, writerDocuments }: Deployment): Promise<Writers> {
	const writers = await Promise.all(
		writerDocuments.map((name, i) => connect({ ...endpoints[i % endpoints.length]!, name }))
	);
	return { writers, requestIds: await Promise.all(writers.map(sentRequest)) };
}

async function capacity(
	deployment: Deployment,
	writers: TestProvider[],
	requestIds: string[]
): Promise<Capacity> {
	const ack: number[] = [];
	const end = performance.now() + LOAD_MS;
	await Promise.all(
		writers.map(async (writer, i) => {
			for (let n = 0; performance.now() < end; n++) {
				const start = performance.now();
				updateRequest(writer.doc, requestIds[i]!, { title: `Relevé ${n}` }, ACTOR);
				await writer.saved();
				ack.push(performance.now() - start);
			}
		})
	);
	const rssMiB = deployment.pids.map((pid) => residentBytes(pid) / 2 ** 20);
	return {
		writers: writers.length,
		editsPerSecond: ack.length / (LOAD_MS / 1000),
		ack: summarize(ack),
		rssMiB
	};
}

/** The most edits a second among `results`: the deployment's capacity. */
function saturation(results: Capacity[]): Capacity {
	return results.reduce((best, result) =>
		result.editsPerSecond > best.editsPerSecond ? result : best
	);
}

export async function waitFor(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

export async function run(): Promise<void> {
	console.log(
		`\n== Several instances: ${EDITS} edits across instances; ${WRITER_COUNTS.join(', ')} writers for ${LOAD_MS / 1000} s each ==`
	);
	const setups: [string, () => Promise<Deployment>][] = [
		['plain Hocuspocus, 1', () => plainDeployment(1)],
		['Hocuspocus + extension-sqlite, 1', () => plainDeployment(1, true)],
		['plain Hocuspocus + Redis, 2', () => plainDeployment(2)],
		['Navette SQLite, 1', () => navetteDeployment('sqlite', 1)],
		['Navette PostgreSQL, 1', () => navetteDeployment('postgres', 1)],
		['Navette PostgreSQL + Redis, 2', () => navetteDeployment('postgres', 2)]
	];
	// Every deployment up at once, measured in turn (see `interleaved`): latency in alternated
	// rounds, then capacity at each count of writers.
	const deployments: Deployment[] = [];
	const results = new Map<string, { latency: Result; counts: Capacity[]; capacity: Capacity }>();
	try {
		for (const [, deploy] of setups) deployments.push(await deploy());
		const pairs = await Promise.all(deployments.map(latencyPair));
		const latencies = await interleaved(pairs, { edits: EDITS });
		for (const { a, b } of pairs) {
			a.destroy();
			b.destroy();
		}
		// Capacity: at each count of writers, every deployment in turn.
		const writerSets: Writers[] = [];
		for (const deployment of deployments) writerSets.push(await connectWriters(deployment));
		const counts = deployments.map((): Capacity[] => []);
		for (const count of WRITER_COUNTS) {
			for (const [i, deployment] of deployments.entries()) {
				const { writers, requestIds } = writerSets[i]!;
				counts[i]!.push(await capacity(deployment, writers.slice(0, count), requestIds));
				await settle();
			}
		}
		for (const { writers } of writerSets) for (const writer of writers) writer.destroy();
		for (const [i, [label]] of setups.entries()) {
			await deployments[i]!.stop();
			const capacities = counts[i]!;
			results.set(label, {
				latency: latencies[i]!,
				counts: capacities,
				capacity: saturation(capacities)
			});
		}
	} finally {
		for (const deployment of deployments.slice(results.size)) await deployment.stop();
	}

	console.log(`edit → peer (other instance when 2)${HEADER.slice(34)}`);
	for (const [label, result] of results) console.log(row(label, result.latency.peer));
	console.log(`edit → ack${HEADER.slice(10)}`);
	for (const [label, result] of results) console.log(row(label, result.latency.ack));
	console.log(
		`\ncapacity${''.padEnd(26)}writers  edits/s  ack p50  ack p95  ack p99   RSS per instance (MiB)`
	);
	for (const [label, { counts, capacity: best }] of results) {
		for (const c of counts) {
			console.log(
				`${(c === counts[0] ? label : '').padEnd(34)}${String(c.writers).padStart(7)}${c.editsPerSecond.toFixed(0).padStart(9)}` +
					`${c.ack.p50.toFixed(1).padStart(9)}${c.ack.p95.toFixed(1).padStart(9)}${c.ack.p99.toFixed(1).padStart(9)}   ` +
					`${c.rssMiB.map((m) => m.toFixed(0)).join(' + ')}${c === best ? '  ← saturation' : ''}`
			);
		}
	}
	const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
	const get = (label: string) => results.get(label)!;
	const [plain1, sqlite1, navette1] = [
		get('plain Hocuspocus, 1'),
		get('Hocuspocus + extension-sqlite, 1'),
		get('Navette SQLite, 1')
	];
	const [plain2, navette2] = [
		get('plain Hocuspocus + Redis, 2'),
		get('Navette PostgreSQL + Redis, 2')
	];
	console.log(
		`one instance: capacity Navette/plain ${ratio(navette1.capacity.editsPerSecond, plain1.capacity.editsPerSecond)} (target ≥ 0.5×) · ` +
			`Navette/extension-sqlite ${ratio(navette1.capacity.editsPerSecond, sqlite1.capacity.editsPerSecond)} · ` +
			`ack p99 at saturation ${navette1.capacity.ack.p99.toFixed(1)} ms (plain ${plain1.capacity.ack.p99.toFixed(1)})`
	);
	console.log(
		`two instances: peer p50 Navette/plain ${ratio(navette2.latency.peer.p50, plain2.latency.peer.p50)} (target ≤ 1.5×) · ` +
			`capacity Navette/plain ${ratio(navette2.capacity.editsPerSecond, plain2.capacity.editsPerSecond)} · ` +
			`Navette 2 instances / 1 (PostgreSQL): ${ratio(navette2.capacity.editsPerSecond, get('Navette PostgreSQL, 1').capacity.editsPerSecond)}`
	);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
