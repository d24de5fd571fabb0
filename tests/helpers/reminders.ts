import { initialUpdate } from '../../src/lib/doc/initial.ts';
import { setRequestStatus, transmitRequest } from '../../src/lib/doc/requests.ts';
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
import type { Client, Firm, User } from '../../src/lib/server/store/Store.ts';
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
		{ ...DEFAULT_REMINDER_POLICY, ...spec.policy },
		new Date().toISOString()
	);
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
	const { client, taskId } = firm.clients[index]!;
	const request = await navette.runtime.documents.change(
		requestsDocName(firm.firm.id, client.id),
		(doc) =>
			transmitRequest(
				doc,
				{ taskId, title: input.title, description: '', dueDate: input.dueDate ?? null },
				actor(firm.manager),
				{ now: input.sentAt }
			)
	);
	await navette.overview.settled();
	return request.id;
}

export async function setStatus(
	navette: Navette,
	firm: ReminderFirm,
	index: number,
	requestId: string,
	status: Status
): Promise<void> {
	const { client } = firm.clients[index]!;
	await navette.runtime.documents.change(requestsDocName(firm.firm.id, client.id), (doc) =>
		setRequestStatus(doc, requestId, status, actor(firm.manager))
	);
	await navette.overview.settled();
}

/**
 * Moves the clock to `date` at `time` (Paris) and runs what falls due: the hourly plan, then the
 * firm's pass it enqueued, then the outbox.
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
