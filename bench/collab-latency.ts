import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createTask, readTasks, updateTask } from '../src/lib/doc/tasks.ts';
import { tasksDocName } from '../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../server/seed.ts';
import { collabToken, loginCookie } from '../tests/helpers/http.ts';
import { freePort } from '../tests/helpers/ports.ts';
import { connectProvider, type TestProvider } from '../tests/helpers/providers.ts';
import { spawnNavette } from '../tests/helpers/spawn.ts';
import { sqliteBaselineEntry } from './sqlite-baseline.ts';
import { HEADER, row, summarize, type Summary } from './stats.ts';

/**
 * Issue 2's figures: edit-to-peer latency on the tasks document, Navette against a plain
 * Hocuspocus of the same version with no extensions, and edit-to-acknowledgement (which for
 * Navette includes the durable append). Both servers run as separate processes; both providers run
 * here, so client-side costs are the same on both sides.
 */
const EDITS = Number(process.env.BENCH_EDITS ?? 1000);
const WARMUP = 100;
const ACTOR = { id: 'bench', name: 'Bench' };

export interface Result {
	peer: Summary;
	ack: Summary;
}

/**
 * `edits` sequential edits of one task by `a` (after a warm-up): time until `b` receives each,
 * and until the server acknowledges it to `a`.
 */
export async function measure(
	a: TestProvider,
	b: TestProvider,
	taskId: string,
	edits = EDITS
): Promise<Result> {
	const peer: number[] = [];
	const ack: number[] = [];
	for (let i = 0; i < WARMUP + edits; i++) {
		const arrived = new Promise<number>((resolve) =>
			b.doc.once('update', () => resolve(performance.now()))
		);
		const start = performance.now();
		updateTask(a.doc, taskId, { title: `Tâche ${i}` }, ACTOR);
		const [peerAt, ackAt] = await Promise.all([arrived, a.saved().then(() => performance.now())]);
		if (i < WARMUP) continue;
		peer.push(peerAt - start);
		ack.push(ackAt - start);
	}
	return { peer: summarize(peer), ack: summarize(ack) };
}

/** A Hocuspocus process of the same version: `entry` is the plain one or the extension-sqlite one. */
async function benchPlain(entry: string): Promise<Result> {
	const port = await freePort();
	const dataDir = mkdtempSync(join(tmpdir(), 'plain-bench-'));
	const child = spawn(process.execPath, [entry], {
		env: { ...process.env, PORT: String(port), DATABASE_FILE: join(dataDir, 'hocuspocus.db') },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve) =>
		createInterface({ input: child.stdout! }).on('line', (line) => {
			if (line.startsWith('Navette est prête')) resolve();
		})
	);
	const options = {
		url: `ws://127.0.0.1:${port}`,
		origin: 'http://localhost',
		name: 'bench',
		token: 'x'
	};
	const a = connectProvider(options);
	const b = connectProvider(options);
	await Promise.all([a.synced, b.synced]);
	const task = createTask(a.doc, { title: 'Tâche', clientId: 'c', assigneeId: 'u' }, ACTOR);
	await a.saved();
	const result = await measure(a, b, task.id);
	a.destroy();
	b.destroy();
	const exited = once(child, 'exit');
	child.kill('SIGTERM');
	await exited;
	rmSync(dataDir, { recursive: true, force: true });
	return result;
}

async function benchNavette(): Promise<Result> {
	const port = await freePort();
	const dataDir = mkdtempSync(join(tmpdir(), 'navette-bench-'));
	const server = await spawnNavette({ port, dataDir });
	try {
		const cookie = await loginCookie(server.origin, DEMO_ACCOUNTS.claire, DEMO_PASSWORD);
		const info = await collabToken(server.origin, cookie);
		const token = async () => (await collabToken(server.origin, cookie)).token as string;
		const options = {
			url: `ws://127.0.0.1:${port}/collab`,
			origin: server.origin,
			name: tasksDocName(info.firmId as string),
			token
		};
		const a = connectProvider(options);
		const b = connectProvider(options);
		await Promise.all([a.synced, b.synced]);
		const task = readTasks(a.doc)[0]!;
		const result = await measure(a, b, task.id);
		a.destroy();
		b.destroy();
		return result;
	} finally {
		await server.kill('SIGTERM');
		rmSync(dataDir, { recursive: true, force: true });
	}
}

export async function run(): Promise<void> {
	console.log(`\n== Collaboration latency: ${EDITS} sequential edits of one task, 2 providers ==`);
	const plain = await benchPlain(fileURLToPath(new URL('./plain-hocuspocus.ts', import.meta.url)));
	const sqlite = await benchPlain(sqliteBaselineEntry());
	const navette = await benchNavette();
	console.log(HEADER);
	console.log(row('edit → peer, plain Hocuspocus', plain.peer));
	console.log(row('edit → peer, + extension-sqlite', sqlite.peer));
	console.log(row('edit → peer, Navette', navette.peer));
	console.log(row('edit → ack, plain (in memory)', plain.ack));
	console.log(row('edit → ack, + ext-sqlite (memory)', sqlite.ack));
	console.log(row('edit → ack, Navette (stored)', navette.ack));
	const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
	console.log(
		`peer Navette/plain: p50 ${ratio(navette.peer.p50, plain.peer.p50)} (target ≤ 1.3×), ` +
			`p99 ${ratio(navette.peer.p99, plain.peer.p99)} (target ≤ 1.5×) · ` +
			`Navette/extension-sqlite: p50 ${ratio(navette.peer.p50, sqlite.peer.p50)}, ` +
			`p99 ${ratio(navette.peer.p99, sqlite.peer.p99)} · ack p99 ${navette.ack.p99.toFixed(2)} ms`
	);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
