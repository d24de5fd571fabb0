import { MessageType } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { messageYjsUpdate } from 'y-protocols/sync';
import { Guard } from '../server/extensions/Guard.ts';
import type { ConnectionContext } from '../server/extensions/context.ts';
import { initTasksDocument } from '../src/lib/doc/schema.ts';
import {
	createTask,
	deleteTask,
	readTasks,
	setTaskStatus,
	updateTask
} from '../src/lib/doc/tasks.ts';
import { updateEffect } from '../src/lib/doc/update-effect.ts';
import { documentViolation, entryViolation, fieldsOf } from '../src/lib/doc/write-rules.ts';
import { STATUSES } from '../src/lib/domain/status.ts';
import { CATEGORIES } from '../src/lib/domain/task.ts';
import type { Store } from '../src/lib/server/store/Store.ts';
import { prng } from '../tests/helpers/random.ts';
import { HEADER, row, summarize } from './stats.ts';

/**
 * Issue 16's figures: what the Guard costs per staff edit of the tasks document of a 500-client
 * firm (5,000 tasks), step by step, before (every update applied to a replica kept in step, then
 * the touched entries checked) and after (the update decoded and read against the live document,
 * the entries it touches checked, nothing applied). Both run on the same edits in the same run,
 * alternated; the live document's own application (Hocuspocus's, the same either way) is shown
 * for scale. Run: `npx node bench/guard-staff.ts` (BENCH_EDITS per kind, default 400).
 */
const EDITS = Number(process.env.BENCH_EDITS ?? 400);
const CLIENTS = 500;
const TASKS_PER_CLIENT = 10;
const ACTOR = { id: 'bench-staff', name: 'Collaborateur' };

function firmTasks(): { doc: Y.Doc; clients: string[] } {
	const random = prng(16);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const doc = new Y.Doc();
	initTasksDocument(doc);
	const clients = Array.from({ length: CLIENTS }, (_, c) => `client-${c}`);
	for (const clientId of clients) {
		for (let t = 0; t < TASKS_PER_CLIENT; t++) {
			const month = String(1 + (t % 12)).padStart(2, '0');
			const category = pick(CATEGORIES);
			const task = createTask(
				doc,
				{
					title: category === 'TVA' ? `TVA ${month}/2026` : `${category} 2026`,
					clientId,
					assigneeId: `staff-${Math.floor(random() * 20)}`,
					status: pick(STATUSES),
					category,
					period: `2026-${month}`,
					dueDate: `2026-${month}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`
				},
				ACTOR
			);
			// Some history: a task edited a few times since.
			if (random() < 0.3) setTaskStatus(doc, task.id, pick(STATUSES), ACTOR);
		}
	}
	return { doc, clients };
}

function copyOf(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

/** The Guard's staff check before issue 16, step by step (replica apply, then the rules). */
function oldCheck(replica: Y.Doc, update: Uint8Array, times: Record<string, number[]>) {
	const map = replica.getMap('tasks');
	const touched = new Set<string>();
	const observe = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
		for (const event of events) {
			if (event.target === map) for (const key of event.keys.keys()) touched.add(key);
			else if (typeof event.path[0] === 'string') touched.add(event.path[0]);
		}
	};
	let t = performance.now();
	map.observeDeep(observe);
	Y.applyUpdate(replica, update);
	map.unobserveDeep(observe);
	times['replica apply']!.push(performance.now() - t);
	t = performance.now();
	const { pendingStructs, pendingDs } = replica.store;
	const violation =
		pendingStructs || pendingDs ? 'incomplete' : documentViolation(replica, 'tasks', touched);
	times['rule check']!.push(performance.now() - t);
	if (violation) throw new Error(violation);
}

/** The fast path, step by step (what Guard#fastAccepts runs). */
function newCheck(live: Y.Doc, update: Uint8Array, times: Record<string, number[]>) {
	let t = performance.now();
	const decoded = Y.decodeUpdate(update);
	times['decode']!.push(performance.now() - t);
	t = performance.now();
	const effect = updateEffect(live, 'tasks', fieldsOf('tasks'), decoded);
	times['classify']!.push(performance.now() - t);
	if ('unsure' in effect) throw new Error(`fast path unsure: ${effect.unsure}`);
	t = performance.now();
	let violation = documentViolation(live, 'tasks', []);
	for (const [id, fields] of effect.entries) {
		violation ??= fields && entryViolation('tasks', id, fields);
	}
	times['rule check']!.push(performance.now() - t);
	if (violation) throw new Error(violation);
}

function frame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, 'firm/bench/tasks');
	encoding.writeVarUint(encoder, MessageType.Sync);
	encoding.writeVarUint(encoder, messageYjsUpdate);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

type Edit = (browser: Y.Doc, i: number) => void;

/** Samples taken in milliseconds, summarized in microseconds (these steps take a few). */
const micro = (samples: number[]) => summarize(samples.map((ms) => ms * 1000));

export async function run(): Promise<void> {
	console.log(
		`\n== Guard, per staff edit of a ${CLIENTS * TASKS_PER_CLIENT}-task document (${EDITS} edits per kind) ==`
	);
	let start = performance.now();
	const { doc: live, clients } = firmTasks();
	const size = Y.encodeStateAsUpdate(live).length;
	console.log(
		`document: ${(size / 2 ** 20).toFixed(1)} MiB, built in ${(performance.now() - start).toFixed(0)} ms`
	);
	const copies: number[] = [];
	for (let i = 0; i < 5; i++) {
		start = performance.now();
		copyOf(live).destroy();
		copies.push(performance.now() - start);
	}
	const heap = process.memoryUsage().heapUsed;
	const replica = copyOf(live);
	const replicaHeap = process.memoryUsage().heapUsed - heap;
	const browser = copyOf(live);
	const guard = new Guard(null as unknown as Store);
	const context = {
		user: { id: ACTOR.id, role: 'collaborator' },
		doc: { kind: 'tasks' }
	} as unknown as ConnectionContext;
	const connection = { readOnly: false };

	const ids = readTasks(live).map((task) => task.id);
	// Titles kept here: reading 5,000 tasks per keystroke would dominate the run.
	const titles = new Map(readTasks(live).map((task) => [task.id, task.title]));
	const statuses = new Map(readTasks(live).map((task) => [task.id, task.status]));
	const kinds: [string, Edit][] = [
		[
			'title keystroke',
			(doc, i) => {
				const id = ids[i % 50]!;
				const title = titles.get(id)!;
				const next = title.length > 150 ? 'T' : `${title}${'abc'[i % 3]}`;
				titles.set(id, next);
				updateTask(doc, id, { title: next }, ACTOR);
			}
		],
		[
			'status change',
			(doc, i) => {
				const id = ids[100 + (i % 500)]!;
				const status = STATUSES[(STATUSES.indexOf(statuses.get(id)!) + 1) % STATUSES.length]!;
				statuses.set(id, status);
				setTaskStatus(doc, id, status, ACTOR);
			}
		],
		[
			'new task',
			(doc, i) =>
				createTask(
					doc,
					{ title: `Nouvelle ${i}`, clientId: clients[i % CLIENTS]!, assigneeId: 'staff-1' },
					ACTOR
				)
		],
		['task deletion', (doc, i) => deleteTask(doc, ids[1000 + i]!, ACTOR)]
	];

	const totals: string[] = [];
	for (const [name, edit] of kinds) {
		const before: Record<string, number[]> = {
			'replica apply': [],
			'rule check': [],
			'keep in step': [],
			total: []
		};
		const after: Record<string, number[]> = {
			decode: [],
			classify: [],
			'rule check': [],
			total: [],
			'Guard (real)': []
		};
		const liveApply: number[] = [];
		const bytes: number[] = [];
		for (let i = 0; i < EDITS; i++) {
			let update: Uint8Array | null = null;
			const capture = (u: Uint8Array) => (update = u);
			browser.once('update', capture);
			edit(browser, i);
			if (!update) throw new Error('no update');
			const u: Uint8Array = update;
			bytes.push(u.length);
			// Alternate which goes first, so that neither always finds caches warm.
			const runs = [
				() => {
					const t = performance.now();
					oldCheck(replica, u, before);
					before['total']!.push(performance.now() - t);
				},
				() => {
					const t = performance.now();
					newCheck(live, u, after);
					after['total']!.push(performance.now() - t);
					const g = performance.now();
					void guard.beforeHandleMessage({
						update: frame(u),
						document: live,
						connection,
						context
					} as unknown as Parameters<Guard['beforeHandleMessage']>[0]);
					after['Guard (real)']!.push(performance.now() - g);
				}
			];
			if (i % 2) runs.reverse();
			for (const r of runs) r();
			let t = performance.now();
			Y.applyUpdate(live, u);
			liveApply.push(performance.now() - t);
			// The old Guard's replica followed the live document: the update again (known, skipped).
			t = performance.now();
			Y.applyUpdate(replica, u);
			before['keep in step']!.push(performance.now() - t);
			before['total']![i]! += before['keep in step']![i]!;
		}
		console.log(`\n-- ${name} (update of ${summarize(bytes).p50} bytes) --`);
		console.log(HEADER.replace('(ms)', '(µs)'));
		for (const [step, samples] of Object.entries(before))
			console.log(row(`before · ${step}`, micro(samples)));
		for (const [step, samples] of Object.entries(after))
			console.log(row(`after · ${step}`, micro(samples)));
		console.log(row('live apply (Hocuspocus, both)', micro(liveApply)));
		const b = summarize(before['total']!);
		const a = summarize(after['total']!);
		const line = `${name}: before/after p50 ${(b.p50 / a.p50).toFixed(1)}× · p99 ${(b.p99 / a.p99).toFixed(1)}×`;
		console.log(line);
		totals.push(line);
	}
	console.log(
		`\nthe replica (before: made at a document's first staff edit, kept while it is open; ` +
			`after: only when the fast path is unsure): a copy of the document, ` +
			`p50 ${summarize(copies).p50.toFixed(1)} ms, ~${(replicaHeap / 2 ** 20).toFixed(0)} MiB of heap`
	);
	for (const line of totals) console.log(line);
}

if (import.meta.main) await run();
