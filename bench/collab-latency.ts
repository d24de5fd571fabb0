import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createTask, readTasks } from '../src/lib/doc/tasks.ts';
import { tasksDocName } from '../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../server/seed.ts';
import { collabToken, loginCookie } from '../tests/helpers/http.ts';
import { freePort } from '../tests/helpers/ports.ts';
import { connectProvider } from '../tests/helpers/providers.ts';
import { spawnNavette } from '../tests/helpers/spawn.ts';
import { sqliteBaselineEntry } from './sqlite-baseline.ts';
import { interleaved, type Pair, type Result } from './edit-latency.ts';
import { HEADER, row } from './stats.ts';

/**
 * Issue 2's figures: edit-to-peer latency on the tasks document, Navette against a plain
 * Hocuspocus of the same version with no extensions, and edit-to-acknowledgement (which for
 * Navette includes the durable append). All servers run at once, as separate processes, and are
 * measured in alternated rounds (`interleaved`); the providers run here, so client-side costs
 * are the same on every side.
 *
 * Two shapes, on the same connections: back to back (each edit once the last is acknowledged,
 * the figure kept since issue 2), and paced like fast typing (one edit every PACE_MS). Back to
 * back, every thread stays hot and plain Hocuspocus answers in well under a millisecond, so
 * whatever Navette adds weighs double; paced, each edit meets an idle machine, as a keystroke
 * does, and the ratio says what a user would notice.
 */
const EDITS = Number(process.env.BENCH_EDITS ?? 1000);
const PACED_EDITS = Number(process.env.BENCH_PACED_EDITS ?? 300);
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 20);
const ACTOR = { id: 'bench', name: 'Bench' };

/** Both shapes' figures of one server. */
interface Shapes {
	backToBack: Result;
	paced: Result;
}

/** A server under test, its two providers connected and synced. */
interface Served extends Pair {
	stop(): Promise<void>;
}

/** A Hocuspocus process of the same version: `entry` is the plain one or the extension-sqlite one. */
async function servePlain(entry: string): Promise<Served> {
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
	return {
		a,
		b,
		taskId: task.id,
		async stop() {
			a.destroy();
			b.destroy();
			const exited = once(child, 'exit');
			child.kill('SIGTERM');
			await exited;
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

async function serveNavette(): Promise<Served> {
	const port = await freePort();
	const dataDir = mkdtempSync(join(tmpdir(), 'navette-bench-'));
	const server = await spawnNavette({ port, dataDir });
	const stop = async () => {
		await server.kill('SIGTERM');
		rmSync(dataDir, { recursive: true, force: true });
	};
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
		return {
			a,
			b,
			taskId: readTasks(a.doc)[0]!.id,
			async stop() {
				a.destroy();
				b.destroy();
				await stop();
			}
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

export async function run(): Promise<void> {
	console.log(`\n== Collaboration latency: sequential edits of one task, 2 providers ==`);
	const servers = [
		await servePlain(fileURLToPath(new URL('./plain-hocuspocus.ts', import.meta.url))),
		await servePlain(sqliteBaselineEntry()),
		await serveNavette()
	];
	const backToBack = await interleaved(servers, { edits: EDITS });
	const paced = await interleaved(servers, { edits: PACED_EDITS, paceMs: PACE_MS, warmup: 5 });
	for (const server of servers) await server.stop();
	const [plain, sqlite, navette] = servers.map((_, i): Shapes => ({
		backToBack: backToBack[i]!,
		paced: paced[i]!
	})) as [Shapes, Shapes, Shapes];
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
