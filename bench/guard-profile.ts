import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/lib/server/store/SqliteStore.ts';
import {
	createTask,
	deleteTask,
	readTasks,
	setTaskStatus,
	updateTask
} from '../src/lib/doc/tasks.ts';
import { tasksDocName } from '../src/lib/domain/doc-names.ts';
import { STATUSES } from '../src/lib/domain/status.ts';
import { startNavette } from '../tests/helpers/navette.ts';
import { connectProvider } from '../tests/helpers/providers.ts';
import { BIG_FIRM_ADMIN, generateFirm } from './generate-firm.ts';

/**
 * Issue 16: where a staff edit's time goes on the server, by extension. A real Navette in this
 * process (SQLite store, every extension) on a 500-client firm; a staff provider edits the tasks
 * document (title keystrokes, status changes, new tasks, deletions, in turn) and waits for each
 * acknowledgement while a colleague's provider receives it; the V8 profiler samples the whole
 * process, and each sample is charged to the innermost extension (or Hocuspocus, or the
 * providers) on its stack. Run: `npx node bench/guard-profile.ts` (BENCH_EDITS, default 1000;
 * PROFILE_OUT=file.cpuprofile keeps the profile).
 */
const EDITS = Number(process.env.BENCH_EDITS ?? 1000);
const ACTOR = { id: 'bench-staff', name: 'Collaborateur' };

const BUCKETS: [name: string, test: (url: string) => boolean][] = [
	[
		'Guard',
		(u) =>
			u.includes('server/extensions/Guard.ts') ||
			u.includes('doc/update-effect.ts') ||
			u.includes('doc/write-rules.ts')
	],
	[
		'Persistence (+ store)',
		(u) =>
			u.includes('server/extensions/Persistence.ts') ||
			u.includes('server/extensions/acknowledgements.ts') ||
			u.includes('server/GroupCommit.ts') ||
			u.includes('lib/server/store/')
	],
	['Activity', (u) => u.includes('server/extensions/Activity.ts')],
	['Overview', (u) => u.includes('server/extensions/Overview.ts')],
	['Auth', (u) => u.includes('server/extensions/Auth.ts')],
	['WarmDocuments', (u) => u.includes('server/extensions/WarmDocuments.ts')],
	[
		'providers (this process, not the server)',
		(u) => u.includes('@hocuspocus/provider') || u.includes('bench/guard-profile.ts')
	],
	['Navette server (other)', (u) => u.includes('/server/') && !u.includes('node_modules')],
	['Hocuspocus server (apply, broadcast)', (u) => u.includes('@hocuspocus/server')]
];

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** Milliseconds per bucket: each sample goes to the innermost bucket on its stack. */
function breakdown(profile: Profile): Map<string, number> {
	const parent = new Map<number, number>();
	const byId = new Map<number, ProfileNode>();
	for (const node of profile.nodes) {
		byId.set(node.id, node);
		for (const child of node.children ?? []) parent.set(child, node.id);
	}
	const bucketOf = new Map<number, string>();
	const classify = (id: number): string => {
		const known = bucketOf.get(id);
		if (known) return known;
		const { functionName, url } = byId.get(id)!.callFrame;
		let bucket: string;
		if (functionName === '(idle)') bucket = '(idle)';
		else if (functionName === '(garbage collector)') bucket = '(garbage collector)';
		else {
			const hit = BUCKETS.find(([, test]) => test(url));
			const up = parent.get(id);
			bucket = hit ? hit[0] : up === undefined ? 'other (event loop, ws, timers)' : classify(up);
		}
		bucketOf.set(id, bucket);
		return bucket;
	};
	const totals = new Map<string, number>();
	profile.samples.forEach((id, i) => {
		const bucket = classify(id);
		totals.set(bucket, (totals.get(bucket) ?? 0) + profile.timeDeltas[i]! / 1000);
	});
	return totals;
}

async function main() {
	const dataDir = mkdtempSync(join(tmpdir(), 'navette-guard-profile-'));
	const store = SqliteStore.open(join(dataDir, 'navette.db'));
	const { firmId } = await generateFirm(store);
	await store.close();
	const server = await startNavette({ seed: 'none', dataDir, reminders: false, recurring: false });
	const name = tasksDocName(firmId);
	const open = async () => {
		const provider = connectProvider({
			url: server.url,
			origin: server.origin,
			name,
			token: await server.tokenFor(BIG_FIRM_ADMIN)
		});
		await provider.synced;
		return provider;
	};
	const [editor, peer] = [await open(), await open()];
	const tasks = readTasks(editor.doc);
	const ids = tasks.map((task) => task.id);
	const titles = new Map(tasks.map((task) => [task.id, task.title]));
	const statuses = new Map(tasks.map((task) => [task.id, task.status]));
	const edit = (i: number) => {
		const kind = i % 4;
		if (kind === 0) {
			const id = ids[i % 50]!;
			const next = titles.get(id)!.length > 150 ? 'T' : `${titles.get(id)}${'abc'[i % 3]}`;
			titles.set(id, next);
			updateTask(editor.doc, id, { title: next }, ACTOR);
		} else if (kind === 1) {
			const id = ids[100 + (i % 500)]!;
			const status = STATUSES[(STATUSES.indexOf(statuses.get(id)!) + 1) % STATUSES.length]!;
			statuses.set(id, status);
			setTaskStatus(editor.doc, id, status, ACTOR);
		} else if (kind === 2) {
			createTask(
				editor.doc,
				{
					title: `Nouvelle ${i}`,
					clientId: tasks[i % tasks.length]!.clientId,
					assigneeId: ACTOR.id
				},
				ACTOR
			);
		} else {
			deleteTask(editor.doc, ids[1000 + i]!, ACTOR);
		}
	};
	for (let i = 0; i < 100; i++) {
		edit(i);
		await editor.saved();
	}
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.setSamplingInterval', { interval: 100 });
	await session.post('Profiler.start');
	const start = performance.now();
	for (let i = 100; i < 100 + EDITS; i++) {
		edit(i);
		await editor.saved();
	}
	const wall = performance.now() - start;
	const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
	session.disconnect();
	if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
	await new Promise((resolve) => setTimeout(resolve, 200));
	editor.destroy();
	peer.destroy();
	await server.close();
	rmSync(dataDir, { recursive: true, force: true });

	const totals = breakdown(profile);
	const busy = [...totals].filter(([bucket]) => bucket !== '(idle)');
	const busyMs = busy.reduce((sum, [, ms]) => sum + ms, 0);
	console.log(
		`\n== One staff edit through the server, ${EDITS} edits (4 kinds in turn), edit → ack ` +
			`${(wall / EDITS).toFixed(2)} ms each; CPU per edit by part (µs) ==`
	);
	for (const [bucket, ms] of busy.sort((a, b) => b[1] - a[1])) {
		console.log(
			`${bucket.padEnd(44)}${((ms / EDITS) * 1000).toFixed(0).padStart(8)}` +
				`${((100 * ms) / busyMs).toFixed(1).padStart(7)} %`
		);
	}
	console.log(`${'total (busy)'.padEnd(44)}${((busyMs / EDITS) * 1000).toFixed(0).padStart(8)}`);
}

await main();
