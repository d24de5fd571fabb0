import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	currentItem,
	forgeUpdate,
	lastId,
	type ForgedDeletion,
	type ForgedItem
} from '../../../tests/helpers/forge-update.ts';
import { prng } from '../../../tests/helpers/random.ts';
import { REQUEST_FIELDS } from '../domain/request.ts';
import { TASK_FIELDS } from '../domain/task.ts';
import type { Actor } from './origins.ts';
import { addComment, setRequestStatus, transmitRequest, withdrawRequest } from './requests.ts';
import { initRequestsDocument, initTasksDocument, tasksMap } from './schema.ts';
import { createTask, deleteTask, setTaskStatus, updateTask } from './tasks.ts';
import { fastVerdict, updateEffect, type UpdateEffect } from './update-effect.ts';
import {
	documentViolation,
	fieldStates,
	type FieldState,
	type WritableKind
} from './write-rules.ts';

const anne: Actor = { id: 'u-anne', name: 'Anne Martin' };
const T0 = '2025-03-01T09:00:00.000Z';
const T1 = '2025-03-02T09:00:00.000Z';
/** The forging browser's client id (above any the documents below use). */
const EVE = 999_999;

/** The live document: three tasks (`t1`, `t2`, `t3`), made by a server-side writer. */
function liveTasks(): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = 1;
	initTasksDocument(doc);
	for (const id of ['t1', 't2', 't3']) {
		createTask(
			doc,
			{ title: `Tâche ${id}`, clientId: 'c1', assigneeId: anne.id, dueDate: '2025-04-30' },
			anne,
			{ id, now: T0 }
		);
	}
	return doc;
}

function liveRequests(): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = 1;
	initRequestsDocument(doc);
	for (const id of ['r1', 'r2']) {
		transmitRequest(doc, { taskId: 't1', title: 'Relevé', description: '' }, anne, { id, now: T0 });
	}
	addComment(doc, 'r1', 'Bonjour', anne, { id: 'k1', now: T0 });
	return doc;
}

/** What a browser holding a copy of `live` sends for `edit`. */
function edited(live: Y.Doc, edit: (doc: Y.Doc) => void, client = 2): Uint8Array {
	const browser = new Y.Doc();
	browser.clientID = client;
	Y.applyUpdate(browser, Y.encodeStateAsUpdate(live));
	const before = Y.encodeStateVector(browser);
	edit(browser);
	return Y.encodeStateAsUpdate(browser, before);
}

const ROOT = { tasks: 'tasks', requests: 'requests' } as const;
const TABLE = { tasks: TASK_FIELDS, requests: REQUEST_FIELDS } as const;

const effectOf = (live: Y.Doc, update: Uint8Array, kind: WritableKind = 'tasks'): UpdateEffect =>
	updateEffect(live, ROOT[kind], TABLE[kind], Y.decodeUpdate(update));

/** What the Guard's fast path concludes: accepted, refused, or sent to the replica. */
function verdict(live: Y.Doc, update: Uint8Array, kind: WritableKind) {
	const result = fastVerdict(live, kind, Y.decodeUpdate(update));
	return 'ok' in result ? 'accept' : 'violation' in result ? 'refuse' : 'replica';
}

/** The replica path (what the Guard did for every staff update before): the oracle. */
function replicaVerdict(live: Y.Doc, update: Uint8Array, kind: WritableKind) {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
	const map = copy.getMap(ROOT[kind]);
	const touched = new Set<string>();
	map.observeDeep((events) => {
		for (const event of events) {
			if (event.target === map) for (const key of event.keys.keys()) touched.add(key);
			else if (typeof event.path[0] === 'string') touched.add(event.path[0]);
		}
	});
	try {
		Y.applyUpdate(copy, update);
	} catch {
		return { ok: false, copy };
	}
	const { pendingStructs, pendingDs } = copy.store;
	const ok = !pendingStructs && !pendingDs && !documentViolation(copy, kind, touched);
	return { ok, copy };
}

/** The entry `id` of a document as the rules read it, or null when absent. */
function entryState(doc: Y.Doc, kind: WritableKind, id: string): Map<string, FieldState> | null {
	const entry = doc.getMap(ROOT[kind]).get(id);
	return entry instanceof Y.Map ? fieldStates(entry as Y.Map<unknown>) : null;
}

/** The effect's reading of every entry it names equals the document after the update. */
function expectExact(live: Y.Doc, update: Uint8Array, kind: WritableKind) {
	const effect = effectOf(live, update, kind);
	if ('unsure' in effect) throw new Error(effect.unsure);
	const { copy } = replicaVerdict(live, update, kind);
	for (const [id, fields] of effect.entries) {
		expect(fields && Object.fromEntries(fields), id).toEqual(
			entryState(copy, kind, id) && Object.fromEntries(entryState(copy, kind, id)!)
		);
	}
	return effect.entries;
}

describe('updateEffect, on what staff browsers send', () => {
	it('reads a title keystroke as the two fields it sets', () => {
		const live = liveTasks();
		const update = edited(live, (doc) => updateTask(doc, 't1', { title: 'Tâche t1!' }, anne));
		const entries = expectExact(live, update, 'tasks');
		expect([...entries.keys()]).toEqual(['t1']);
		expect(entries.get('t1')!.get('title')).toEqual({ value: 'Tâche t1!' });
		expect(verdict(live, update, 'tasks')).toBe('accept');
	});

	it('reads a status change', () => {
		const live = liveTasks();
		const update = edited(live, (doc) => setTaskStatus(doc, 't2', 'done', anne, { now: T1 }));
		const entries = expectExact(live, update, 'tasks');
		expect(entries.get('t2')!.get('status')).toEqual({ value: 'done' });
		expect(entries.get('t2')!.get('updatedAt')).toEqual({ value: T1 });
		expect(verdict(live, update, 'tasks')).toBe('accept');
	});

	it('reads an optional field cleared', () => {
		const live = liveTasks();
		const update = edited(live, (doc) => updateTask(doc, 't1', { dueDate: null }, anne));
		expectExact(live, update, 'tasks');
		expect(verdict(live, update, 'tasks')).toBe('accept');
	});

	it('reads a new task from the update alone', () => {
		const live = liveTasks();
		const update = edited(live, (doc) =>
			createTask(doc, { title: 'Bilan', clientId: 'c2', assigneeId: anne.id }, anne, { id: 'n1' })
		);
		const entries = expectExact(live, update, 'tasks');
		expect(entries.get('n1')!.get('title')).toEqual({ value: 'Bilan' });
		expect(verdict(live, update, 'tasks')).toBe('accept');
	});

	it('reads a deleted task as gone', () => {
		const live = liveTasks();
		const update = edited(live, (doc) => deleteTask(doc, 't3', anne));
		expect(expectExact(live, update, 'tasks').get('t3')).toBeNull();
		expect(verdict(live, update, 'tasks')).toBe('accept');
	});

	it('reads several edits of several tasks in one update', () => {
		const live = liveTasks();
		const update = edited(live, (doc) =>
			doc.transact(() => {
				updateTask(doc, 't1', { title: 'Un' }, anne);
				setTaskStatus(doc, 't2', 'in_progress', anne);
				deleteTask(doc, 't3', anne);
				createTask(doc, { title: 'Deux', clientId: 'c2', assigneeId: anne.id }, anne);
			})
		);
		expect(expectExact(live, update, 'tasks').size).toBe(4);
		expect(verdict(live, update, 'tasks')).toBe('accept');
	});

	it('reads a staff comment appended to a request, and a new request with its lists', () => {
		const live = liveRequests();
		const comment = edited(live, (doc) => addComment(doc, 'r1', 'Merci', anne));
		expect(
			(expectExact(live, comment, 'requests').get('r1')!.get('comments') as { list: unknown[] })
				.list
		).toHaveLength(2);
		expect(verdict(live, comment, 'requests')).toBe('accept');
		const created = edited(live, (doc) => {
			const { id } = transmitRequest(
				doc,
				{ taskId: 't1', title: 'Factures', description: 'x' },
				anne
			);
			addComment(doc, id, 'Premier', anne);
		});
		expectExact(live, created, 'requests');
		expect(verdict(live, created, 'requests')).toBe('accept');
		const status = edited(live, (doc) => setRequestStatus(doc, 'r2', 'done', anne));
		expectExact(live, status, 'requests');
		expect(verdict(live, status, 'requests')).toBe('accept');
		const withdrawn = edited(live, (doc) => withdrawRequest(doc, 'r1', anne));
		expect(expectExact(live, withdrawn, 'requests').get('r1')).toBeNull();
	});

	it('sends a field set after a concurrent one to the replica', () => {
		const live = liveTasks();
		const late = edited(live, (doc) => updateTask(doc, 't1', { title: 'Moi' }, anne), 3);
		Y.applyUpdate(
			live,
			edited(live, (doc) => updateTask(doc, 't1', { title: 'Toi' }, anne))
		);
		expect(effectOf(live, late)).toEqual({ unsure: 'not after the current value' });
		expect(replicaVerdict(live, late, 'tasks').ok).toBe(true);
	});

	it('sends offline edits of one field (items replacing each other) to the replica', () => {
		const live = liveTasks();
		const update = edited(live, (doc) => {
			updateTask(doc, 't1', { title: 'A' }, anne);
			updateTask(doc, 't1', { title: 'AB' }, anne);
		});
		expect(effectOf(live, update)).toHaveProperty('unsure');
		expect(replicaVerdict(live, update, 'tasks').ok).toBe(true);
	});

	it('sends what the document already has, or lacks, to the replica', () => {
		const live = liveTasks();
		const update = edited(live, (doc) => updateTask(doc, 't1', { title: 'A' }, anne));
		Y.applyUpdate(live, update);
		expect(effectOf(live, update)).toEqual({ unsure: 'structs not contiguous with the document' });
		const other = liveTasks();
		const first = edited(other, (doc) => updateTask(doc, 't1', { title: 'A' }, anne));
		const second = edited(other, (doc) => {
			Y.applyUpdate(doc, first);
			updateTask(doc, 't1', { title: 'B' }, anne);
		});
		const gap = Y.diffUpdate(second, Y.encodeStateVectorFromUpdate(first));
		expect(effectOf(other, gap)).toHaveProperty('unsure');
		expect(replicaVerdict(other, gap, 'tasks').ok).toBe(false);
	});
});

/**
 * Forged updates: none is accepted by the fast path, which refuses some itself and leaves the
 * others to the replica; that refuses the harmful ones (the rest Yjs reads as a valid change, or
 * integrates as nothing).
 */
describe('updateEffect, on forged updates', () => {
	const live = liveTasks();
	const t1 = tasksMap(live).get('t1')!;
	const t2 = tasksMap(live).get('t2')!;
	const title = currentItem(t1, 'title');
	const clock = Y.getState(live.store, EVE);
	const any = (...values: unknown[]) => new Y.ContentAny(values);
	const at = (offset: number) => ({ client: EVE, clock: clock + offset });
	const HARMLESS = new Set([
		'a title as string content',
		'a title as JSON content',
		'a parent that is not a type',
		'origins in two different entries',
		'a first item for a key that has items',
		'a write to meta',
		'a list item in the root map',
		'a list item in an entry'
	]);
	const FORGED: [string, ForgedItem[], ForgedDeletion[]?][] = [
		[
			'a title replaced by a Y.Text',
			[{ ...at(0), origin: lastId(title), content: new Y.ContentType(new Y.Text()) }]
		],
		[
			'a title replaced by a Y.Map',
			[{ ...at(0), origin: lastId(title), content: new Y.ContentType(new Y.Map()) }]
		],
		['a title of another type', [{ ...at(0), origin: lastId(title), content: any(42) }]],
		[
			'a title of two values, the last one invalid',
			[{ ...at(0), origin: lastId(title), content: any('Bon', 42) }]
		],
		['a title of no value', [{ ...at(0), origin: lastId(title), content: any() }]],
		[
			'a title removed by deleted content',
			[{ ...at(0), origin: lastId(title), content: new Y.ContentDeleted(1) }]
		],
		[
			'a title as string content',
			[{ ...at(0), origin: lastId(title), content: new Y.ContentString('Bon') }]
		],
		[
			'a title as JSON content',
			[{ ...at(0), origin: lastId(title), content: new Y.ContentJSON(['Bon']) }]
		],
		[
			'an unknown field',
			[{ ...at(0), parent: t1._item!.id, parentSub: 'montant', content: any(1000) }]
		],
		[
			'a field named toString',
			[{ ...at(0), parent: t1._item!.id, parentSub: 'toString', content: any('x') }]
		],
		['the id changed', [{ ...at(0), origin: lastId(currentItem(t1, 'id')), content: any('t9') }]],
		['a required field deleted', [], [[1, currentItem(t1, 'clientId').id.clock, 1]]],
		[
			'a required field deleted beside a valid edit of another task',
			[{ ...at(0), origin: lastId(currentItem(t2, 'title')), content: any('Ok') }],
			[[1, currentItem(t1, 'assigneeId').id.clock, 1]]
		],
		[
			'a title set and its own item deleted',
			[{ ...at(0), origin: lastId(title), content: any('Bon') }],
			[[EVE, clock, 1]]
		],
		['a deletion of what the document lacks', [], [[1, Y.getState(live.store, 1), 1]]],
		[
			'a parent that is not a type',
			[{ ...at(0), parent: title.id, parentSub: 'x', content: any('x') }]
		],
		[
			'a parent the document lacks',
			[{ ...at(0), parent: Y.createID(7, 0), parentSub: 'title', content: any('x') }]
		],
		['an origin the document lacks', [{ ...at(0), origin: Y.createID(7, 0), content: any('x') }]],
		[
			'a reference to a later item of the update',
			[{ ...at(0), origin: Y.createID(EVE, clock + 5), content: any('x') }]
		],
		[
			'origins in two different entries',
			[
				{
					...at(0),
					origin: lastId(title),
					rightOrigin: currentItem(t2, 'title').id,
					content: any('x')
				}
			]
		],
		[
			'a first item for a key that has items',
			[{ ...at(0), parent: t1._item!.id, parentSub: 'title', content: any('Zut') }]
		],
		[
			'a write to meta',
			[
				{
					...at(0),
					origin: lastId(currentItem(live.getMap('meta'), 'schemaVersion')),
					content: any(99)
				}
			]
		],
		['a write to another root', [{ ...at(0), parent: 'pirate', parentSub: 'x', content: any(1) }]],
		['a list item in the root map', [{ ...at(0), parent: 'tasks', content: any('x') }]],
		['a list item in an entry', [{ ...at(0), parent: t1._item!.id, content: any('x') }]],
		[
			'a root entry that is not a map',
			[{ ...at(0), parent: 'tasks', parentSub: 'n1', content: any({ id: 'n1' }) }]
		],
		[
			'a new entry missing a field',
			[
				{ ...at(0), parent: 'tasks', parentSub: 'n1', content: new Y.ContentType(new Y.Map()) },
				{ ...at(1), parent: Y.createID(EVE, clock), parentSub: 'id', content: any('n1') }
			]
		],
		[
			'a new entry holding a nested map',
			[
				{ ...at(0), parent: 'tasks', parentSub: 'n1', content: new Y.ContentType(new Y.Map()) },
				{
					...at(1),
					parent: Y.createID(EVE, clock),
					parentSub: 'title',
					content: new Y.ContentType(new Y.Map())
				}
			]
		],
		[
			'a write inside a nested type',
			[
				{ ...at(0), parent: 'tasks', parentSub: 'n1', content: new Y.ContentType(new Y.Map()) },
				{
					...at(1),
					parent: Y.createID(EVE, clock),
					parentSub: 'title',
					content: new Y.ContentType(new Y.Text())
				},
				{ ...at(2), parent: Y.createID(EVE, clock + 1), content: new Y.ContentString('x') }
			]
		],
		[
			'a new entry filed under a malformed id',
			[
				{ ...at(0), parent: 'tasks', parentSub: 'n 1', content: new Y.ContentType(new Y.Map()) },
				{ ...at(1), parent: Y.createID(EVE, clock), parentSub: 'id', content: any('n 1') }
			]
		],
		[
			'a task replaced by an empty map',
			[{ ...at(0), origin: lastId(t1._item!), content: new Y.ContentType(new Y.Map()) }]
		]
	];
	for (const [name, items, deletions] of FORGED) {
		it(name, () => {
			const update = forgeUpdate(items, deletions);
			const fast = verdict(live, update, 'tasks');
			expect(fast).not.toBe('accept');
			expect(replicaVerdict(live, update, 'tasks').ok).toBe(HARMLESS.has(name));
			// Refused without the replica only when the replica would refuse it too.
			if (HARMLESS.has(name)) expect(fast).toBe('replica');
		});
	}

	it('a client in two blocks (Yjs would keep only the second, pending)', () => {
		const task = (offset: number, key: string, value: unknown): ForgedItem => ({
			...at(offset),
			parent: Y.createID(EVE, clock),
			parentSub: key,
			content: any(value)
		});
		const fields = Object.entries({
			id: 'n1',
			title: 'Nouvelle',
			clientId: 'c1',
			assigneeId: anne.id,
			status: 'todo',
			createdAt: T1,
			createdBy: anne.id,
			updatedAt: T1
		});
		const entry: ForgedItem = {
			...at(0),
			parent: 'tasks',
			parentSub: 'n1',
			content: new Y.ContentType(new Y.Map())
		};
		const whole = forgeUpdate([entry, ...fields.map(([key, value], i) => task(1 + i, key, value))]);
		expect(verdict(live, whole, 'tasks')).toBe('accept');
		// A valid edit by another client between the two blocks.
		const other = {
			client: 7,
			clock: 0,
			origin: lastId(currentItem(t2, 'title')),
			content: any('Ok')
		};
		const split = forgeUpdate([
			entry,
			other,
			...fields.map(([key, value], i) => task(1 + i, key, value))
		]);
		expect(effectOf(live, split)).toEqual({ unsure: 'a client in two blocks' });
		expect(replicaVerdict(live, split, 'tasks').ok).toBe(false);
	});

	it('a deletion of an optional field, or of a whole task, is read exactly', () => {
		const optional = forgeUpdate([], [[1, currentItem(t1, 'dueDate').id.clock, 1]]);
		expectExact(live, optional, 'tasks');
		expect(verdict(live, optional, 'tasks')).toBe('accept');
		const whole = forgeUpdate([], [[1, t2._item!.id.clock, 1]]);
		expect(expectExact(live, whole, 'tasks').get('t2')).toBeNull();
	});

	it('a write into a task deleted in the same update is harmless', () => {
		const update = forgeUpdate(
			[{ ...at(0), origin: lastId(title), content: new Y.ContentAny([42]) }],
			[[1, t1._item!.id.clock, 1]]
		);
		expect(expectExact(live, update, 'tasks').get('t1')).toBeNull();
		expect(replicaVerdict(live, update, 'tasks').ok).toBe(true);
	});
});

/**
 * Random updates against the replica oracle: legitimate edits, each mutated zero to three times
 * (an origin, a key, a parent or a content swapped, a deletion added or dropped, an item left
 * out). Whatever the fast path accepts, the replica accepts too, and the entries it reads are
 * those of the document after the update; whatever it refuses, the replica refuses. Seeded: a
 * failure replays.
 */
describe('updateEffect, on random updates', () => {
	// ~1.5 s alone; more on a busy machine.
	it('never accepts what the replica refuses, and reads what Yjs does', { timeout: 30_000 }, () => {
		const random = prng(16);
		const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
		const values: unknown[] = [
			'Titre',
			'',
			' ',
			42,
			null,
			undefined,
			'done',
			'archived',
			T1,
			'c1',
			't1',
			'2025-05-01',
			'TVA',
			{ id: 'k9', authorId: anne.id, authorName: anne.name, body: 'x', at: T1 },
			{ id: 'k9' }
		];
		const contents = [
			() => new Y.ContentAny([pick(values)]),
			() => new Y.ContentAny([pick(values)]),
			() => new Y.ContentAny([pick(values), pick(values)]),
			() => new Y.ContentType(new Y.Map()),
			() => new Y.ContentType(new Y.Array()),
			() => new Y.ContentType(new Y.Text()),
			() => new Y.ContentDeleted(1),
			() => new Y.ContentString('x')
		];
		const keys = [
			null,
			'title',
			'status',
			'id',
			'dueDate',
			'comments',
			'montant',
			'n1',
			't1',
			'r1'
		];
		let accepted = 0;
		let mutatedAccepted = 0;
		let refused = 0;
		for (let round = 0; round < 1500; round++) {
			const kind: WritableKind = round % 3 === 2 ? 'requests' : 'tasks';
			const live = kind === 'requests' ? liveRequests() : liveTasks();
			// Some history, so that ids point at replaced items too.
			for (let i = 0; i < 3; i++) {
				const edit = edited(
					live,
					(doc) => {
						if (kind === 'tasks') updateTask(doc, pick(['t1', 't2']), { title: `v${i}` }, anne);
						else addComment(doc, pick(['r1', 'r2']), `c${i}`, anne);
					},
					10 + i
				);
				Y.applyUpdate(live, edit);
			}
			const legit = edited(
				live,
				pick<(doc: Y.Doc) => unknown>(
					kind === 'tasks'
						? [
								(doc: Y.Doc) => updateTask(doc, 't1', { title: 'Nouveau' }, anne),
								(doc: Y.Doc) => setTaskStatus(doc, 't2', 'done', anne),
								(doc: Y.Doc) => updateTask(doc, 't3', { dueDate: null, category: 'TVA' }, anne),
								(doc: Y.Doc) => deleteTask(doc, 't2', anne),
								(doc: Y.Doc) =>
									createTask(doc, { title: 'N', clientId: 'c1', assigneeId: anne.id }, anne)
							]
						: [
								(doc: Y.Doc) => addComment(doc, 'r1', 'Merci', anne),
								(doc: Y.Doc) => setRequestStatus(doc, 'r2', 'done', anne),
								(doc: Y.Doc) => withdrawRequest(doc, 'r2', anne),
								(doc: Y.Doc) =>
									transmitRequest(doc, { taskId: 't1', title: 'N', description: '' }, anne)
							]
				),
				EVE
			);
			const decoded = Y.decodeUpdate(legit);
			const items: ForgedItem[] = decoded.structs
				.filter((struct): struct is Y.Item => struct instanceof Y.Item)
				.map((item) => ({
					client: item.id.client,
					clock: item.id.clock,
					origin: item.origin,
					rightOrigin: item.rightOrigin,
					parent: item.parent as unknown as string | Y.ID | null,
					parentSub: item.parentSub,
					content: item.content as ForgedItem['content']
				}));
			const deletions: ForgedDeletion[] = [];
			decoded.ds.clients.forEach((ranges, client) => {
				for (const { clock, len } of ranges) deletions.push([client, clock, len]);
			});
			const ids: Y.ID[] = [];
			live.store.clients.forEach((structs) => {
				for (const struct of structs) {
					ids.push(Y.createID(struct.id.client, struct.id.clock + struct.length - 1));
				}
			});
			for (const item of items) ids.push(Y.createID(item.client, item.clock));
			const mutations = Math.floor(random() * 4);
			for (let m = 0; m < mutations; m++) {
				const item = items.length > 0 ? pick(items) : null;
				const mutate = Math.floor(random() * 8);
				if (item && mutate === 0) item.origin = pick([...ids, null]);
				else if (item && mutate === 1) item.rightOrigin = pick([...ids, null]);
				else if (item && mutate === 2) {
					item.content = pick(contents)();
					// A longer content shifts the clocks after it: keep only items before.
					if (item.content.getLength() !== 1) items.splice(items.indexOf(item) + 1);
				} else if (item && mutate === 3) item.parentSub = pick(keys);
				else if (item && mutate === 4) item.parent = pick([kind, 'meta', ...ids]);
				else if (mutate === 5) {
					const id = pick(ids);
					deletions.push([id.client, id.clock, 1 + Math.floor(random() * 2)]);
				} else if (mutate === 6) deletions.splice(Math.floor(random() * deletions.length), 1);
				else if (item && mutate === 7) items.splice(items.indexOf(item), 1);
			}
			let update: Uint8Array;
			try {
				update = forgeUpdate(items, deletions);
				Y.decodeUpdate(update);
			} catch {
				continue;
			}
			const fast = verdict(live, update, kind);
			if (fast === 'accept') {
				accepted++;
				if (mutations > 0) mutatedAccepted++;
				expect(replicaVerdict(live, update, kind).ok, `round ${round}`).toBe(true);
				expectExact(live, update, kind);
			} else if (fast === 'refuse') {
				refused++;
				expect(replicaVerdict(live, update, kind).ok, `round ${round}`).toBe(false);
			}
		}
		// The property is checked on a fair share of accepted updates, mutated ones included,
		// and of refused ones.
		expect(accepted).toBeGreaterThan(300);
		expect(refused).toBeGreaterThan(30);
		expect(mutatedAccepted).toBeGreaterThan(50);
	});
});
