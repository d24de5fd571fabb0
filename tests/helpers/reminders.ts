import { vi } from 'vitest';
import * as Y from 'yjs';
import type { InfoRequest } from '../../src/lib/domain/request.ts';
import { initialUpdate } from '../../src/lib/doc/initial.ts';
import { readRequestSummary, syncSummaries } from '../../src/lib/doc/overview.ts';
import {
	initOverviewDocument,
	initRequestsDocument,
	initTasksDocument
} from '../../src/lib/doc/schema.ts';
import { readRequests, setRequestStatus, transmitRequest } from '../../src/lib/doc/requests.ts';
import { createTask } from '../../src/lib/doc/tasks.ts';
import { overviewDocName, requestsDocName, tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { parisInstant } from '../../src/lib/domain/paris-time.ts';
import {
	DEFAULT_REMINDER_POLICY,
	type ReminderPolicy
} from '../../src/lib/domain/reminder-policy.ts';
import type { Status } from '../../src/lib/domain/status.ts';
import type { ManualClock } from '../../src/lib/server/jobs/clock.ts';
import { REMINDER_SETTING_KEY } from '../../src/lib/server/reminders/policy.ts';
import type { Client, Firm, Store, User } from '../../src/lib/server/store/Store.ts';
import type { Navette } from '../../server/app.ts';

/**
 * A firm of the reminders' integration tests, written through the store and the server's own
 * documents (as the pages would): clients with their contacts and one task each, and requests
 * sent at chosen instants, mirrored into the overview the daily pass reads.
 */
export interface ReminderFirm {
	firm: Firm;
	manager: User;
	clients: { client: Client; contacts: User[]; taskId: string }[];
}

export async function reminderFirm(
	navette: Navette,
	spec: {
		name?: string;
		policy?: Partial<ReminderPolicy>;
		clients: { name: string; contacts: string[] }[];
	}
): Promise<ReminderFirm> {
	const { store, runtime } = navette;
	const firm = await store.createFirm({ name: spec.name ?? 'Cabinet Martin & Associés' });
	const manager = await addManager(store, firm, spec.policy);
	await store.appendUpdate(
		tasksDocName(firm.id),
		initialUpdate({ kind: 'tasks', firmId: firm.id })
	);
	await store.appendUpdate(
		overviewDocName(firm.id),
		initialUpdate({ kind: 'overview', firmId: firm.id })
	);
	const clients: ReminderFirm['clients'] = [];
	for (const [i, { name, contacts }] of spec.clients.entries()) {
		const client = await store.createClient({ firmId: firm.id, name, managerId: manager.id });
		await store.appendUpdate(
			requestsDocName(firm.id, client.id),
			initialUpdate({ kind: 'requests', firmId: firm.id, clientId: client.id })
		);
		const users: User[] = [];
		for (const [j, contactName] of contacts.entries()) {
			users.push(
				await store.createUser({
					firmId: firm.id,
					email: `contact-${i}-${j}@${firm.id}.fr`,
					name: contactName,
					role: 'client',
					clientId: client.id,
					passwordHash: 'x'
				})
			);
		}
		const task = await runtime.documents.change(tasksDocName(firm.id), (doc) =>
			createTask(
				doc,
				{ title: `Bilan ${name}`, clientId: client.id, assigneeId: manager.id },
				actor(manager)
			)
		);
		clients.push({ client, contacts: users, taskId: task.id });
	}
	return { firm, manager, clients };
}

const actor = (user: User) => ({ id: user.id, name: user.name });

/** Sends a request to the client at `sentAt` (ISO), mirrored into the overview before it resolves. */
export async function sendRequest(
	navette: Navette,
	firm: ReminderFirm,
	index: number,
	input: { title: string; sentAt: string; dueDate?: string | null }
): Promise<string> {
	const { taskId } = firm.clients[index]!;
	const request = await changeRequests(navette, firm, index, 'todo', (doc) =>
		transmitRequest(
			doc,
			{ taskId, title: input.title, description: '', dueDate: input.dueDate ?? null },
			actor(firm.manager),
			{ now: input.sentAt }
		)
	);
	return request.id;
}

/**
 * Changes a client's requests document the way the portal does: loaded, and held until the
 * overview mirrors the change (a document changed through a direct connection that unloads at
 * once was seen not to be mirrored: see the relances branch's report).
 */
async function changeRequests(
	navette: Navette,
	firm: ReminderFirm,
	index: number,
	status: Status,
	change: (doc: Y.Doc) => InfoRequest
): Promise<InfoRequest> {
	const name = requestsDocName(firm.firm.id, firm.clients[index]!.client.id);
	const held = await navette.hocuspocus.openDirectConnection(name, { server: true });
	try {
		let result: InfoRequest | undefined;
		await held.transact((doc) => {
			result = change(doc);
		});
		await mirrored(navette, firm.firm.id, result!.id, status);
		return result!;
	} finally {
		await held.disconnect();
	}
}

/**
 * Waits for the overview to show `requestId` in `status`: the server mirrors a change after a
 * short coalescing window, on a timer of its own (not the test clock).
 */
async function mirrored(
	navette: Navette,
	firmId: string,
	requestId: string,
	status: Status
): Promise<void> {
	await vi.waitFor(
		async () => {
			await navette.overview.settled();
			const summary = await navette.runtime.documents.read(overviewDocName(firmId), (doc) =>
				readRequestSummary(doc, requestId)
			);
			if (summary?.status !== status) throw new Error(`${requestId} not mirrored yet`);
		},
		{ timeout: 10_000, interval: 20 }
	);
}

export async function setStatus(
	navette: Navette,
	firm: ReminderFirm,
	index: number,
	requestId: string,
	status: Status
): Promise<void> {
	await changeRequests(navette, firm, index, status, (doc) =>
		setRequestStatus(doc, requestId, status, actor(firm.manager))
	);
}

/**
 * Moves the clock to `date` at `time` (Paris) and runs what falls due: the hourly plan, then the
 * firm's pass it enqueued, then the outbox. Fails when a due pass was not run here nor is being
 * run by another instance.
 */
export async function passOn(
	navette: Navette,
	clock: ManualClock,
	date: string,
	time = '09:30'
): Promise<void> {
	clock.set(parisInstant(date, time));
	await navette.scheduler.idle();
	await navette.scheduler.runDue();
	await navette.scheduler.runDue();
	for (const firm of await navette.store.listFirms()) {
		const job = await navette.store.getJob(`reminders:${firm.id}:${date}`);
		// Another instance of the deployment may hold it, still running: that is its work to finish.
		const elsewhere =
			job?.lockedBy &&
			job.lockedBy !== navette.scheduler.owner &&
			Date.parse(job.lockedUntil ?? '') > clock.now();
		if (job && job.state !== 'done' && !elsewhere && Date.parse(job.runAt) <= clock.now()) {
			throw new Error(`The pass of ${date} is ${job.state}: ${job.lastError ?? 'not run'}`);
		}
	}
}

/** Which requests each reminder of the firm listed, oldest first, by Paris date. */
export async function remindedRequests(
	navette: Navette,
	firmId: string
): Promise<{ date: string; contact: string; requests: string[]; trigger: string }[]> {
	const reminders = await navette.store.listReminders(firmId);
	return reminders.reverse().map((reminder) => ({
		date: reminder.parisDate,
		contact: reminder.contactUserId,
		requests: [...reminder.requestIds].sort(),
		trigger: reminder.trigger
	}));
}

/**
 * A firm with `clients` clients of `contacts` contacts each and one open request per client sent
 * at `sentAt`, written straight into the store with its documents and overview, as the demo seed
 * is (fast enough for hundreds of contacts; no server needed).
 */
export async function storeDueFirm(
	store: Store,
	spec: {
		name: string;
		clients: number;
		contacts: number;
		sentAt: string;
		policy?: Partial<ReminderPolicy>;
	}
): Promise<{ firm: Firm; addresses: string[] }> {
	const firm = await store.createFirm({ name: spec.name });
	const manager = await addManager(store, firm, spec.policy);
	const who = actor(manager);
	const tasks = new Y.Doc();
	initTasksDocument(tasks);
	const byClient = new Map<string, InfoRequest[]>();
	const addresses: string[] = [];
	const updates: { documentName: string; update: Uint8Array }[] = [];
	for (let i = 0; i < spec.clients; i++) {
		const client = await store.createClient({
			firmId: firm.id,
			name: `${spec.name} client ${i}`,
			managerId: manager.id
		});
		for (let j = 0; j < spec.contacts; j++) {
			const email = `contact-${i}-${j}@${firm.id}.fr`;
			addresses.push(email);
			await store.createUser({
				firmId: firm.id,
				email,
				name: `Contact ${i}.${j}`,
				role: 'client',
				clientId: client.id,
				passwordHash: 'x'
			});
		}
		const task = createTask(
			tasks,
			{ title: `Bilan ${i}`, clientId: client.id, assigneeId: manager.id },
			who
		);
		const doc = new Y.Doc();
		initRequestsDocument(doc);
		transmitRequest(doc, { taskId: task.id, title: `Relevé ${i}`, description: '' }, who, {
			now: spec.sentAt
		});
		byClient.set(client.id, readRequests(doc));
		updates.push({
			documentName: requestsDocName(firm.id, client.id),
			update: Y.encodeStateAsUpdate(doc)
		});
	}
	const overview = new Y.Doc();
	initOverviewDocument(overview);
	syncSummaries(overview, byClient, who);
	updates.push(
		{ documentName: tasksDocName(firm.id), update: Y.encodeStateAsUpdate(tasks) },
		{ documentName: overviewDocName(firm.id), update: Y.encodeStateAsUpdate(overview) }
	);
	await store.appendUpdates(updates);
	return { firm, addresses };
}

/** The firm's administrator, in charge of its clients, and its reminder policy (defaults on). */
async function addManager(
	store: Store,
	firm: Firm,
	policy: Partial<ReminderPolicy> | undefined
): Promise<User> {
	const manager = await store.createUser({
		firmId: firm.id,
		email: `claire@${firm.id}.fr`,
		name: 'Claire Martin',
		role: 'admin',
		clientId: null,
		passwordHash: 'x'
	});
	await store.setFirmSetting(
		firm.id,
		REMINDER_SETTING_KEY,
		{ ...DEFAULT_REMINDER_POLICY, ...policy },
		new Date().toISOString()
	);
	return manager;
}
