import { updateTask } from '../src/lib/doc/tasks.ts';
import type { TestProvider } from '../tests/helpers/providers.ts';
import { summarize, type Summary } from './stats.ts';

const ACTOR = { id: 'bench', name: 'Bench' };

/** One server under test (or two instances of one deployment): `a` edits the task, `b` watches. */
export interface Pair {
	a: TestProvider;
	b: TestProvider;
	taskId: string;
}

export interface Result {
	peer: Summary;
	ack: Summary;
}

export interface Shape {
	/** Edits measured per server, over all rounds. */
	edits: number;
	/** Wait after each acknowledgement before the next edit (0: back to back). */
	paceMs?: number;
	/** Edits made, not measured, at the start of each round. */
	warmup?: number;
	rounds?: number;
}

/**
 * The pause after each round: longer than Hocuspocus's store debounce (2 s, Navette's and the
 * extension-sqlite baseline's), so that what a server does once its edits stop (storing,
 * compacting) is done before the next server's round, not during it.
 */
const SETTLE_MS = 2500;

export function settle(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/**
 * Edit-to-peer and edit-to-acknowledgement latency of several servers, measured in alternated
 * rounds and pooled per server. This machine is shared: its speed drifts over minutes (plain
 * Hocuspocus's peer p50 went from 0.22 to 0.43 ms between two sessions, and by half as much
 * within one run), so servers measured one after the other meet different machines, and the
 * ratio between them measures the drift. In alternated rounds each meets the same drift.
 */
export async function interleaved(
	pairs: Pair[],
	{ edits, paceMs = 0, warmup = 20, rounds = 5 }: Shape
): Promise<Result[]> {
	const samples = pairs.map(() => ({ peer: [] as number[], ack: [] as number[] }));
	const perRound = Math.ceil(edits / rounds);
	for (let round = 0; round < rounds; round++) {
		for (const [i, pair] of pairs.entries()) {
			await editRound(pair, perRound, { paceMs, warmup }, samples[i]!);
			await settle();
		}
	}
	return samples.map(({ peer, ack }) => ({ peer: summarize(peer), ack: summarize(ack) }));
}

/**
 * `edits` sequential edits of the task by `a` (after `warmup` more), each once the last is
 * acknowledged and `paceMs` later: time until `b` receives each, and until `a` is acknowledged.
 */
async function editRound(
	{ a, b, taskId }: Pair,
	edits: number,
	{ paceMs, warmup }: { paceMs: number; warmup: number },
	into: { peer: number[]; ack: number[] }
): Promise<void> {
	for (let i = 0; i < warmup + edits; i++) {
		const arrived = new Promise<number>((resolve) =>
			b.doc.once('update', () => resolve(performance.now()))
		);
		const start = performance.now();
		updateTask(a.doc, taskId, { title: `Tâche ${i}` }, ACTOR);
		const [peerAt, ackAt] = await Promise.all([arrived, a.saved().then(() => performance.now())]);
		if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, paceMs));
		if (i < warmup) continue;
		into.peer.push(peerAt - start);
		into.ack.push(ackAt - start);
	}
}
