import { MessageType } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { messageYjsUpdate } from 'y-protocols/sync';
import { Guard, REPLICA_IDLE_UPDATES } from '../../server/extensions/Guard.ts';
import type { ConnectionContext } from '../../server/extensions/context.ts';
import { initTasksDocument } from '../../src/lib/doc/schema.ts';
import { createTask, deleteTask, readTasks, updateTask } from '../../src/lib/doc/tasks.ts';
import { fastVerdict } from '../../src/lib/doc/update-effect.ts';
import { documentViolation } from '../../src/lib/doc/write-rules.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';
import { currentItem, forgeUpdate, lastId } from '../helpers/forge-update.ts';
import { prng } from '../helpers/random.ts';

/**
 * The staff Guard on its own (no server): two colleagues' browsers edit one tasks document,
 * often concurrently (each sends updates made before it received the other's), so that some
 * updates follow a value that is no longer current and go through the replica, which is then
 * made, kept in step, dropped once idle and made again. Every update is accepted, the live
 * document stays valid and equal to both browsers once synced; forged updates slipped in
 * between are refused whichever path they take, and leave the replica usable.
 */
const actor = { id: 'u-staff', name: 'Staff' };
const context = {
	user: { id: actor.id, role: 'collaborator' },
	doc: { kind: 'tasks' }
} as unknown as ConnectionContext;

function frame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, 'firm/f/tasks');
	encoding.writeVarUint(encoder, MessageType.Sync);
	encoding.writeVarUint(encoder, messageYjsUpdate);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

describe('the staff Guard, over a long concurrent session', () => {
	it('accepts every legitimate update and refuses forged ones, replica or not', async () => {
		const guard = new Guard(null as unknown as Store);
		const check = (document: Y.Doc, update: Uint8Array) =>
			guard.beforeHandleMessage({
				update: frame(update),
				document,
				connection: { readOnly: false },
				context
			} as unknown as Parameters<Guard['beforeHandleMessage']>[0]);
		const live = new Y.Doc();
		initTasksDocument(live);
		for (let i = 0; i < 20; i++) {
			createTask(live, { title: `T${i}`, clientId: 'c1', assigneeId: actor.id }, actor, {
				id: `t${i}`
			});
		}
		const browsers = [1, 2].map((client) => {
			const doc = new Y.Doc();
			doc.clientID = 100 + client;
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(live));
			const outbox: Uint8Array[] = [];
			doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin !== 'server') outbox.push(update);
			});
			return { doc, outbox };
		});
		const random = prng(7);
		let refusedForgeries = 0;
		let forger = 10_000;
		// Two noisy phases (updates held back), with a quiet one between them long enough for
		// the replica to be dropped as idle; the second makes it again.
		const total = REPLICA_IDLE_UPDATES * 3;
		const phase = (step: number) =>
			step >= 500 && step < 1000 ? 0 : step >= 2200 && step < 2700 ? 1 : null;
		const unsure = [0, 0, 0];
		for (let step = 0; step < total; step++) {
			const browser = browsers[step % 2]!;
			const ids = readTasks(browser.doc).map((task) => task.id);
			const id = ids[Math.floor(random() * Math.min(3, ids.length))]!;
			// Mostly keystrokes on the same few tasks (concurrent edits of one field), some tasks
			// created and deleted.
			const dice = random();
			if (dice < 0.05 && ids.length > 5) deleteTask(browser.doc, id, actor);
			else if (dice < 0.1)
				createTask(browser.doc, { title: 'N', clientId: 'c1', assigneeId: actor.id }, actor);
			else updateTask(browser.doc, id, { title: `${step}` }, actor);
			// Send now, or hold back for a while (offline, slow network): then the other
			// browser's edits land first.
			const noisy = phase(step);
			if (noisy !== null && random() < 0.5) continue;
			for (const update of browser.outbox.splice(0)) {
				const verdict = fastVerdict(live, 'tasks', Y.decodeUpdate(update));
				if ('unsure' in verdict) unsure[phase(step) ?? 2]!++;
				await check(live, update);
				Y.applyUpdate(live, update);
				for (const other of browsers) Y.applyUpdate(other.doc, update, 'server');
			}
			if (step % 97 === 0) {
				// A forgery: the current title of a task replaced by a number (refused from its
				// reading), or by two values, the last a number (refused by the replica, dropped).
				const task = live.getMap<Y.Map<unknown>>('tasks').get(readTasks(live)[0]!.id)!;
				const values = refusedForgeries % 2 ? ['Bon', 42] : [42];
				const forged = forgeUpdate([
					{
						client: forger++,
						clock: 0,
						origin: lastId(currentItem(task, 'title')),
						content: new Y.ContentAny(values)
					}
				]);
				await expect(check(live, forged)).rejects.toMatchObject({ reason: 'update-refused' });
				refusedForgeries++;
			}
		}
		for (const browser of browsers) {
			for (const update of browser.outbox.splice(0)) {
				await check(live, update);
				Y.applyUpdate(live, update);
				for (const other of browsers) Y.applyUpdate(other.doc, update, 'server');
			}
		}
		expect(documentViolation(live, 'tasks')).toBeNull();
		for (const browser of browsers) {
			expect(browser.doc.getMap('tasks').toJSON()).toEqual(live.getMap('tasks').toJSON());
		}
		expect(refusedForgeries).toBeGreaterThan(20);
		// The replica was needed in both noisy phases.
		expect(unsure[0]).toBeGreaterThan(10);
		expect(unsure[1]).toBeGreaterThan(10);
	});
});
