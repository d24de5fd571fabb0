import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocCommandError } from './errors.ts';
import { type Actor } from './origins.ts';
import {
	addComment,
	attachDocument,
	readRequest,
	readRequests,
	setRequestStatus,
	transmitRequest,
	updateRequest,
	withdrawRequest
} from './requests.ts';
import { initRequestsDocument, initTasksDocument, requestsMap, tasksMap } from './schema.ts';
import { createTask, deleteTask, readTask, readTasks, setTaskStatus, updateTask } from './tasks.ts';
import { CATEGORIES } from '../domain/task.ts';
import { STATUSES } from '../domain/status.ts';

/**
 * Replica convergence, after the Yjs test helper (tests/testHelper.js, v13.6): seeded random
 * commands on random replicas, updates delivered in random order, batched or lost while a replica
 * is offline (it then resyncs by state vector, as a provider does), and finally every replica must
 * read the same snapshots and hold the same state.
 */

/** Tiny seeded PRNG (mulberry32): the same seed replays the same run. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

class Random {
	readonly next: () => number;

	constructor(seed: number) {
		this.next = mulberry32(seed);
	}

	int(max: number): number {
		return Math.floor(this.next() * max);
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		const item = items[this.int(items.length)];
		if (item === undefined) throw new Error('pick from an empty list');
		return item;
	}

	take<T>(items: T[]): T {
		const [item] = items.splice(this.int(items.length), 1);
		if (item === undefined) throw new Error('take from an empty list');
		return item;
	}
}

/** Origin of updates applied by the network, so that they are not broadcast again. */
const NETWORK = { network: true };

interface Replica {
	doc: Y.Doc;
	actor: Actor;
	online: boolean;
	inbox: Uint8Array[];
	/** Every update this replica produced or received, to rebuild it with `Y.mergeUpdates`. */
	log: Uint8Array[];
}

/** A star of replicas: each local update is queued to every other online replica. */
class Network {
	readonly replicas: Replica[] = [];
	readonly random: Random;

	constructor(count: number, random: Random) {
		this.random = random;
		const server = new Y.Doc();
		initTasksDocument(server);
		initRequestsDocument(server);
		const initial = Y.encodeStateAsUpdate(server);
		for (let i = 0; i < count; i++) {
			const doc = new Y.Doc();
			doc.clientID = i + 1;
			const replica: Replica = {
				doc,
				actor: { id: `u${i}`, name: `Utilisateur ${i}` },
				online: true,
				inbox: [],
				log: []
			};
			doc.on('update', (update: Uint8Array, origin: unknown) => {
				replica.log.push(update);
				if (origin !== NETWORK && replica.online) this.broadcast(replica, update);
			});
			Y.applyUpdate(doc, initial, NETWORK);
			this.replicas.push(replica);
		}
	}

	broadcast(from: Replica, update: Uint8Array): void {
		for (const to of this.replicas) if (to !== from && to.online) to.inbox.push(update);
	}

	/** Delivers one random message, or several merged into one update. False when all is quiet. */
	deliver(): boolean {
		const waiting = this.replicas.filter((r) => r.online && r.inbox.length > 0);
		if (waiting.length === 0) return false;
		const to = this.random.pick(waiting);
		const count = this.random.chance(0.3) ? 1 + this.random.int(to.inbox.length) : 1;
		const batch = Array.from({ length: count }, () => this.random.take(to.inbox));
		const update = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
		if (update) Y.applyUpdate(to.doc, update, NETWORK);
		return true;
	}

	disconnect(replica: Replica): void {
		replica.online = false;
		replica.inbox = [];
	}

	/** Reconnects like a provider: both sides send what the other lacks, by state vector. */
	connect(replica: Replica): void {
		if (replica.online) return;
		replica.online = true;
		for (const other of this.replicas) {
			if (other === replica || !other.online) continue;
			replica.inbox.push(Y.encodeStateAsUpdate(other.doc, Y.encodeStateVector(replica.doc)));
			other.inbox.push(Y.encodeStateAsUpdate(replica.doc, Y.encodeStateVector(other.doc)));
		}
	}

	flushAll(): void {
		for (const replica of this.replicas) this.connect(replica);
		while (this.deliver());
	}
}

const TITLES = ['TVA mars', 'Bilan 2024', 'Paie avril', 'Liasse', 'Relevés'];
const DATES = [null, '2025-01-31', '2025-02-28', '2025-06-30'];
const PERIODS = [null, '2024', '2025-03'];

/** Runs one random command on one replica; returns false when its target id was not found. */
function randomCommand(net: Network, replica: Replica, step: number): boolean {
	const { random } = net;
	const { doc, actor } = replica;
	const opts = { id: `x${step}`, now: new Date(Date.UTC(2025, 0, 1, 0, 0, step)).toISOString() };
	const taskIds = readTasks(doc).map((t) => t.id);
	const requestIds = readRequests(doc).map((r) => r.id);
	// Now and then, an id this replica has not seen yet or saw deleted, as a stale screen would send.
	const stale = random.chance(0.1) ? `x${random.int(step + 1)}` : null;
	const taskId = stale ?? (taskIds.length > 0 ? random.pick(taskIds) : null);
	const requestId = stale ?? (requestIds.length > 0 ? random.pick(requestIds) : null);
	const status = random.pick(STATUSES);
	const op = random.int(10);
	try {
		if (op === 0 || taskId === null) {
			const input = { title: random.pick(TITLES), clientId: 'c1', assigneeId: actor.id };
			createTask(doc, { ...input, category: random.pick([null, ...CATEGORIES]) }, actor, opts);
		} else if (op === 1) {
			const patch = random.chance(0.5)
				? { title: random.pick(TITLES), dueDate: random.pick(DATES) }
				: { period: random.pick(PERIODS), assigneeId: actor.id };
			updateTask(doc, taskId, patch, actor, opts);
		} else if (op === 2) setTaskStatus(doc, taskId, status, actor, opts);
		else if (op === 3 && random.chance(0.5)) deleteTask(doc, taskId, actor);
		else if (op === 4 || requestId === null) {
			const input = { taskId, title: random.pick(TITLES), description: 'Merci' };
			transmitRequest(doc, input, actor, opts);
		} else if (op === 5) updateRequest(doc, requestId, { title: random.pick(TITLES) }, actor, opts);
		else if (op === 6) setRequestStatus(doc, requestId, status, actor, opts);
		else if (op === 7) addComment(doc, requestId, `Message ${step}`, actor, opts);
		else if (op === 8) attachDocument(doc, requestId, documentFor(actor, opts), actor);
		else if (random.chance(0.3)) withdrawRequest(doc, requestId, actor);
		return true;
	} catch (error) {
		if (error instanceof DocCommandError && error.code === 'not_found') return false;
		throw error;
	}
}

function documentFor(actor: Actor, opts: { id: string; now: string }) {
	const { id, now: at } = opts;
	const name = `${id}.pdf`;
	return {
		id,
		at,
		fileId: id,
		name,
		size: 10,
		mime: 'application/pdf',
		uploadedBy: actor.id,
		gedPath: `GED/${name}`
	};
}

function expectConverged(net: Network): void {
	const [first, ...others] = net.replicas.map((r) => r.doc);
	if (!first) throw new Error('no replica');
	const rebuilt = net.replicas.map((r) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.mergeUpdates(r.log));
		return doc;
	});
	for (const doc of [...others, ...rebuilt]) {
		expect(doc.store.pendingStructs).toBeNull();
		expect(doc.store.pendingDs).toBeNull();
		expect(readTasks(doc)).toEqual(readTasks(first));
		expect(readRequests(doc)).toEqual(readRequests(first));
		expect(tasksMap(doc).toJSON()).toEqual(tasksMap(first).toJSON());
		expect(requestsMap(doc).toJSON()).toEqual(requestsMap(first).toJSON());
		expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(first));
		expect(Y.encodeSnapshot(Y.snapshot(doc))).toEqual(Y.encodeSnapshot(Y.snapshot(first)));
	}
}

/** One random run: commands interleaved with deliveries, disconnections and reconnections. */
function randomRun(seed: number, replicas: number, steps: number): { applied: number } {
	const net = new Network(replicas, new Random(seed));
	const { random } = net;
	let applied = 0;
	for (let step = 0; step < steps; step++) {
		const replica = random.pick(net.replicas);
		if (random.chance(0.04)) net.disconnect(replica);
		else if (random.chance(0.1)) net.connect(replica);
		if (randomCommand(net, replica, step)) applied++;
		for (let n = random.int(4); n > 0; n--) net.deliver();
	}
	net.flushAll();
	expectConverged(net);
	return { applied };
}

describe('convergence', () => {
	const seeds = Array.from({ length: 20 }, (_, i) => i + 1);

	it.each(seeds)('replicas converge with seed %i', (seed) => {
		const { applied } = randomRun(seed, 3 + (seed % 3), 200);
		expect(applied).toBeGreaterThan(150);
		expect(applied).toBeLessThan(200);
	});

	it('replays the same run for the same seed', () => {
		const states = [7, 7].map((seed) => {
			const net = new Network(3, new Random(seed));
			for (let step = 0; step < 50; step++) randomCommand(net, net.replicas[step % 3]!, step);
			net.flushAll();
			return readTasks(net.replicas[0]!.doc);
		});
		expect(states[0]).toEqual(states[1]);
	});
});

describe('concurrent edits', () => {
	const T = '2025-05-01T08:00:00.000Z';
	const input = { title: 'TVA', clientId: 'c1', assigneeId: 'u0' };

	function network(count: number): [Network, ...Replica[]] {
		const net = new Network(count, new Random(42));
		createTask(net.replicas[0]!.doc, input, net.replicas[0]!.actor, { id: 't1', now: T });
		transmitRequest(
			net.replicas[0]!.doc,
			{ taskId: 't1', title: 'Factures', description: '' },
			net.replicas[0]!.actor,
			{ id: 'r1', now: T }
		);
		net.flushAll();
		for (const replica of net.replicas) net.disconnect(replica);
		return [net, ...net.replicas];
	}

	it('agree on one value when the same field is edited everywhere', () => {
		const [net, ...replicas] = network(4);
		replicas.forEach((r, i) => updateTask(r.doc, 't1', { title: `Titre ${i}` }, r.actor));
		net.flushAll();
		expectConverged(net);
		expect(['Titre 0', 'Titre 1', 'Titre 2', 'Titre 3']).toContain(
			readTask(net.replicas[0]!.doc, 't1')?.title
		);
	});

	it('keep concurrent edits of different fields, even from full forms', () => {
		const [net, a, b] = network(2);
		updateTask(a!.doc, 't1', { ...input, status: 'done' }, a!.actor);
		updateTask(b!.doc, 't1', { ...input, dueDate: '2025-05-31' }, b!.actor);
		net.flushAll();
		expectConverged(net);
		expect(readTask(a!.doc, 't1')).toMatchObject({ status: 'done', dueDate: '2025-05-31' });
	});

	it('let a delete win over a concurrent update', () => {
		const [net, a, b] = network(3);
		deleteTask(a!.doc, 't1', a!.actor);
		updateTask(b!.doc, 't1', { title: 'Modifiée' }, b!.actor);
		setTaskStatus(b!.doc, 't1', 'done', b!.actor);
		withdrawRequest(a!.doc, 'r1', a!.actor);
		addComment(b!.doc, 'r1', 'Trop tard', b!.actor);
		net.flushAll();
		expectConverged(net);
		expect(readTask(b!.doc, 't1')).toBeNull();
		expect(readRequest(b!.doc, 'r1')).toBeNull();
	});

	it('keep every concurrent comment, in the same order everywhere', () => {
		const [net, ...replicas] = network(3);
		replicas.forEach((r, i) => addComment(r.doc, 'r1', `Message ${i}`, r.actor));
		net.flushAll();
		expectConverged(net);
		expect(readRequest(net.replicas[0]!.doc, 'r1')?.comments).toHaveLength(3);
	});
});
