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
 *
 * Two shapes, on the same connections: back to back (each edit once the last is acknowledged,
 * the figure kept since issue 2), and paced like fast typing (one edit every PACE_MS). Back to
 * back, every thread stays hot and plain Hocuspocus answers in a quarter of a millisecond, so
 * whatever Navette adds weighs double; paced, each edit meets an idle machine, as a keystroke
 * does, and the ratio says what a user would notice.
 */
const EDITS = Number(process.env.BENCH_EDITS ?? 1000);
const PACED_EDITS = Number(process.env.BENCH_PACED_EDITS ?? 300);
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 20);
const WARMUP = 100;
const ACTOR = { id: 'bench', name: 'Bench' };

export interface Result {
	peer: Summary;
	ack: Summary;
}

/** Both shapes of {@link measure} on one pair of providers. */
interface Shapes {
	backToBack: Result;
	paced: Result;
}

/**
 * `edits` sequential edits of one task by `a` (after `warmup` more): time until `b` receives
 * each, and until the server acknowledges it to `a`; `paceMs` after each acknowledgement before
 * the next edit.
 */
export async function measure(
	a: TestProvider,
	b: TestProvider,
	taskId: string,
	edits = EDITS,
	{ paceMs = 0, warmup = WARMUP } = {}
): Promise<Result> {
	const peer: number[] = [];
	const ack: number[] = [];
	for (let i = 0; i < warmup + edits; i++) {
		const arrived = new Promise<number>((resolve) =>
			b.doc.once('update', () => resolve(performance.now()))
		);
		const start = performance.now();
		updateTask(a.doc, taskId, { title: `Tâche ${i}` }, ACTOR);
		const [peerAt, ackAt] = await Promise.all([arrived, a.saved().then(() => performance.now())]);
		if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, paceMs));
		if (i < warmup) continue;
		peer.push(peerAt - start);
		ack.push(ackAt - start);
	}
	return { peer: summarize(peer), ack: summarize(ack) };
}

async function shapes(a: TestProvider, b: TestProvider, taskId: string): Promise<Shapes> {
	const backToBack = await measure(a, b, taskId);
	const paced = await measure(a, b, taskId, PACED_EDITS, { paceMs: PACE_MS, warmup: 10 });
	return { backToBack, paced };
}

/** A Hocuspocus process of the same version: `entry` is the plain one or the extension-sqlite one. */
async function benchPlain(entry: string): Promise<Shapes> {
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
	const result = await shapes(a, b, task.id);
	a.destroy();
	b.destroy();
	const exited = once(child, 'exit');
	child.kill('SIGTERM');
	await exited;
	rmSync(dataDir, { recursive: true, force: true });
	return result;
}

async function benchNavette(): Promise<Shapes> {
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
		const result = await shapes(a, b, task.id);
		a.destroy();
		b.destroy();
		return result;
	} finally {
		await server.kill('SIGTERM');
		rmSync(dataDir, { recursive: true, force: true });
	}
}

export async function run(): Promise<void> {
	console.log(`\n== Collaboration latency: sequential edits of one task, 2 providers ==`);
	const plain = await benchPlain(fileURLToPath(new URL('./plain-hocuspocus.ts', import.meta.url)));
	const sqlite = await benchPlain(sqliteBaselineEntry());
	const navette = await benchNavette();
	const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
	const shapeNames: [keyof Shapes, string, string][] = [
		['backToBack', 'back to back', `${EDITS} edits, each once the last is acknowledged`],
		['paced', 'paced', `${PACED_EDITS} edits, one every ${PACE_MS} ms, as fast typing`]
	];
	for (const [shape, label, what] of shapeNames) {
		console.log(`${label} (${what}):`);
		console.log(HEADER);
		console.log(row('edit → peer, plain Hocuspocus', plain[shape].peer));
		console.log(row('edit → peer, + extension-sqlite', sqlite[shape].peer));
		console.log(row('edit → peer, Navette', navette[shape].peer));
		console.log(row('edit → ack, plain (in memory)', plain[shape].ack));
		console.log(row('edit → ack, + ext-sqlite (memory)', sqlite[shape].ack));
		console.log(row('edit → ack, Navette (stored)', navette[shape].ack));
	}
	for (const [shape, label] of shapeNames) {
		const [n, p, s] = [navette[shape], plain[shape], sqlite[shape]];
		console.log(
			`${label}: peer Navette/plain p50 ${ratio(n.peer.p50, p.peer.p50)} ` +
				`(target ≤ 1.3×), p99 ${ratio(n.peer.p99, p.peer.p99)} (target ≤ 1.5×) · ` +
				`Navette/extension-sqlite: p50 ${ratio(n.peer.p50, s.peer.p50)}, ` +
				`p99 ${ratio(n.peer.p99, s.peer.p99)} · ack p99 ${n.ack.p99.toFixed(2)} ms`
		);
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
