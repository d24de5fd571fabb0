import { readTasks } from '../../doc/tasks.ts';
import { composeDigest, digestKey, type Digest } from '../../domain/digest.ts';
import { tasksDocName } from '../../domain/doc-names.ts';
import { parisDate } from '../../domain/paris-time.ts';
import type { ReminderPolicy } from '../../domain/reminder-policy.ts';
import {
	isAwaitingClient,
	reminderDecision,
	type ClientReminderState
} from '../../domain/reminders.ts';
import { SYSTEM_ACTOR } from '../../domain/activity.ts';
import { isStaff, type Role } from '../../domain/roles.ts';
import { signinLinkIssue } from '../auth/signin.ts';
import type { OutgoingMail } from '../mail/outbox.ts';
import { reminderMail } from '../mail/reminder-mail.ts';
import type { Runtime } from '../runtime.ts';
import type {
	Client,
	Firm,
	NewReminder,
	NewReminderDigest,
	NewRequestEvent,
	ReminderPause,
	User
} from '../store/Store.ts';
import { firmReminderPolicy } from './policy.ts';

/** What a reminder needs of one request, from the overview (the pass) or the client's document. */
export interface ReminderItem {
	id: string;
	clientId: string;
	taskId: string;
	title: string;
	status: string;
	dueDate: string | null;
	/** When it was sent; null for an overview entry written before the field existed. */
	createdAt: string | null;
}

/**
 * Everything of a firm the pass and « Relancer » read once, then use for each client: read from
 * the store and the tasks document, never from the clients' documents.
 */
export interface FirmReminderContext {
	firm: Firm;
	policy: ReminderPolicy;
	/** The instant of the pass (or the click), and its Paris date, which the digests count for. */
	now: number;
	date: string;
	/** Task titles by id. */
	taskTitles: ReadonlyMap<string, string>;
	staff: ReadonlyMap<string, User>;
	/** Active contacts of each client. */
	contacts: ReadonlyMap<string, User[]>;
	pauses: ReadonlyMap<string, ReminderPause>;
	optedOut: ReadonlySet<string>;
	/** Instants of the reminders that listed each request. */
	sends: ReadonlyMap<string, string[]>;
	/** Contacts already sent their digest of `date` (auto or by hand). */
	remindedToday: Set<string>;
}

export type ReminderRuntime = Pick<
	Runtime,
	'store' | 'outbox' | 'documents' | 'origin' | 'scheduler'
>;

/** `cadence: false` (« Relancer »): the reminders sent so far are not read (no cadence, no maximum). */
export async function firmReminderContext(
	rt: ReminderRuntime,
	firm: Firm,
	now: number,
	options: { cadence?: boolean } = {}
): Promise<FirmReminderContext> {
	const { store } = rt;
	const date = parisDate(now);
	const [policy, users, pauses, optOuts, sends, today, taskTitles] = await Promise.all([
		firmReminderPolicy(store, firm.id),
		store.listUsers(firm.id),
		store.listReminderPauses(firm.id),
		store.listReminderOptOuts(firm.id),
		options.cadence === false ? [] : store.listReminderSends(firm.id),
		store.listReminders(firm.id, { parisDate: date, limit: 100_000 }),
		rt.documents.read(
			tasksDocName(firm.id),
			(doc) => new Map(readTasks(doc).map((task) => [task.id, task.title]))
		)
	]);
	const contacts = new Map<string, User[]>();
	const staff = new Map<string, User>();
	for (const user of users) {
		if (user.disabledAt) continue;
		if (isStaff(user.role)) staff.set(user.id, user);
		else if (user.clientId)
			contacts.set(user.clientId, [...(contacts.get(user.clientId) ?? []), user]);
	}
	const sent = new Map<string, string[]>();
	for (const send of sends)
		sent.set(send.requestId, [...(sent.get(send.requestId) ?? []), send.at]);
	return {
		firm,
		policy,
		now,
		date,
		taskTitles,
		staff,
		contacts,
		pauses: new Map(pauses.map((pause) => [pause.clientId, pause])),
		optedOut: new Set(optOuts.map((optOut) => optOut.requestId)),
		sends: sent,
		remindedToday: new Set(today.map((reminder) => reminder.contactUserId))
	};
}

/** The client's pause as the cadence reads it. */
export function pauseState(ctx: FirmReminderContext, clientId: string): ClientReminderState {
	const pause = ctx.pauses.get(clientId);
	return { paused: pause !== undefined, pausedUntil: pause?.until ?? null };
}

/** Whether the client is paused on the context's date (indefinitely, or through a later date). */
export function isPausedToday(ctx: FirmReminderContext, clientId: string): boolean {
	const pause = ctx.pauses.get(clientId);
	return pause !== undefined && (pause.until === null || ctx.date <= pause.until);
}

/** The requests of `items` the daily pass reminds today (the policy's cadence and stop rules). */
export function dueToday(ctx: FirmReminderContext, items: readonly ReminderItem[]): ReminderItem[] {
	return items.filter((item) => {
		const decision = reminderDecision(
			{
				status: item.status,
				// An entry without its sent date is taken as sent today: nothing is due before the
				// reconciliation gives it the real one (a day's delay, never an early reminder).
				sentAt: item.createdAt ?? new Date(ctx.now).toISOString(),
				dueDate: item.dueDate,
				optedOut: ctx.optedOut.has(item.id),
				remindersSent: ctx.sends.get(item.id) ?? []
			},
			pauseState(ctx, item.clientId),
			ctx.policy,
			ctx.date
		);
		return decision.due;
	});
}

/** What « Relancer » sends: every open request not opted out (no cadence, no maximum). */
export function openForManual(
	ctx: FirmReminderContext,
	items: readonly ReminderItem[]
): ReminderItem[] {
	return items.filter((item) => isAwaitingClient(item.status) && !ctx.optedOut.has(item.id));
}

/** Who the contact's reply reaches: the client's collaborator in charge, when active. */
function replyTo(ctx: FirmReminderContext, client: Client): { name: string; email: string } | null {
	const manager = client.managerId ? ctx.staff.get(client.managerId) : undefined;
	return manager ? { name: manager.name, email: manager.email } : null;
}

/** A preview's stand-in for the sign-in link: never a live link. */
export const PREVIEW_SIGNIN_URL_PATH = '/connexion/lien/apercu';

/** The digest of `contact` for `requests`, with the sign-in link given (or null: nothing open). */
export function contactDigest(
	ctx: FirmReminderContext,
	client: Client,
	contact: User,
	requests: readonly ReminderItem[],
	link: { url: string; expiresAt: string }
): Digest | null {
	return composeDigest({
		firmName: ctx.firm.name,
		contact: { id: contact.id, name: contact.name, email: contact.email },
		replyTo: replyTo(ctx, client),
		signinUrl: link.url,
		signinExpiresAt: link.expiresAt,
		today: ctx.date,
		taskTitles: ctx.taskTitles,
		requests
	});
}

export interface QueueOutcome {
	/** Contacts whose digest was queued now. */
	queued: User[];
	/** Contacts who had their digest of the day already. */
	already: User[];
	/** Nothing of `requests` is awaiting the client: no digest. */
	nothingOpen: boolean;
}

/** Who queues a digest (a staff member clicking « Relancer », or null: the daily pass), and when. */
export interface DigestOptions {
	by: { id: string; name: string; role: Role } | null;
	now: number;
}

/** A contact's digest, composed, with everything to write with it (`writeDigests`). */
export interface PlannedDigest {
	contact: User;
	mail: OutgoingMail;
	records: Omit<NewReminderDigest, 'message'>;
}

/** A client's digests, composed (`planned`), and the contacts who had theirs today. */
export interface ClientPlan {
	planned: PlannedDigest[];
	already: User[];
	nothingOpen: boolean;
}

/**
 * Queues one digest per active contact of `client` listing `requests`, each with a fresh sign-in
 * link, all recorded in one transaction; a contact who had the day's digest (`digestKey`) gets
 * nothing more.
 */
export async function queueClientDigests(
	rt: ReminderRuntime,
	ctx: FirmReminderContext,
	client: Client,
	requests: readonly ReminderItem[],
	options: DigestOptions
): Promise<QueueOutcome> {
	const plan = planClientDigests(rt, ctx, client, requests, options);
	const written = await writeDigests(rt, ctx, plan.planned);
	return {
		...written,
		already: [...plan.already, ...written.already],
		nothingOpen: plan.nothingOpen
	};
}

/**
 * Composes the digests of `client`'s active contacts, without writing anything: the daily pass
 * writes those of several clients at once. A contact reminded today (in `ctx`) is `already`.
 */
export function planClientDigests(
	rt: Pick<ReminderRuntime, 'origin'>,
	ctx: FirmReminderContext,
	client: Client,
	requests: readonly ReminderItem[],
	options: DigestOptions
): ClientPlan {
	const plan: ClientPlan = { planned: [], already: [], nothingOpen: false };
	if (!requests.some((item) => isAwaitingClient(item.status))) {
		return { ...plan, nothingOpen: true };
	}
	for (const contact of ctx.contacts.get(client.id) ?? []) {
		if (ctx.remindedToday.has(contact.id)) plan.already.push(contact);
		else {
			const planned = planDigest(rt, ctx, client, contact, requests, options);
			if (planned) plan.planned.push(planned);
		}
	}
	return plan;
}

function planDigest(
	rt: Pick<ReminderRuntime, 'origin'>,
	ctx: FirmReminderContext,
	client: Client,
	contact: User,
	requests: readonly ReminderItem[],
	{ by, now }: DigestOptions
): PlannedDigest | null {
	const link = signinLinkIssue(rt.origin, contact, { by: by?.id ?? null, now });
	const digest = contactDigest(ctx, client, contact, requests, link.issued);
	if (!digest) return null;
	const mail = reminderMail(digest);
	const reminder = {
		id: crypto.randomUUID(),
		firmId: ctx.firm.id,
		clientId: client.id,
		contactUserId: contact.id,
		trigger: by ? 'manual' : 'auto',
		byUserId: by?.id ?? null,
		at: new Date(now).toISOString(),
		parisDate: ctx.date,
		requestIds: digest.requestIds
	} satisfies NewReminder;
	return {
		contact,
		mail: {
			firmId: ctx.firm.id,
			idempotencyKey: digestKey(contact.id, ctx.date),
			kind: 'reminder',
			to: { name: contact.name, address: contact.email },
			replyTo: mail.replyTo ?? null,
			subject: mail.subject,
			text: mail.text,
			html: mail.html,
			sendAt: now
		},
		records: {
			reminder,
			signinLink: link.record,
			audit: link.audit,
			events: remindedEvents(reminder, requests, contact, by)
		}
	};
}

/**
 * Writes planned digests, with their links, audit entries and events, in one transaction;
 * those whose contact had the day's digest meanwhile (another instance, a click) are `already`.
 * A contact deactivated since the plan gets nothing.
 */
export async function writeDigests(
	rt: ReminderRuntime,
	ctx: FirmReminderContext,
	planned: readonly PlannedDigest[]
): Promise<{ queued: User[]; already: User[] }> {
	const outcome = { queued: [] as User[], already: [] as User[] };
	if (planned.length === 0) return outcome;
	const results = await rt.outbox.queueAllWith(
		planned.map((digest) => digest.mail),
		(messages) =>
			rt.store.addReminders(messages.map((message, i) => ({ message, ...planned[i]!.records })))
	);
	results.forEach((result, i) => {
		const { contact } = planned[i]!;
		if (!result.message) return;
		ctx.remindedToday.add(contact.id);
		(result.created ? outcome.queued : outcome.already).push(contact);
	});
	return outcome;
}

/**
 * « Relance envoyée » on the timeline of each request the digest listed (issue 14's request
 * events), by Navette for the daily pass or by the staff member who clicked. Ids derive from the
 * reminder, so that recording again adds nothing.
 */
function remindedEvents(
	reminder: NewReminder & { id: string },
	requests: readonly ReminderItem[],
	contact: User,
	by: DigestOptions['by']
): NewRequestEvent[] {
	const listed = new Set(reminder.requestIds);
	return requests
		.filter((item) => listed.has(item.id))
		.map((item) => ({
			id: `reminded:${reminder.id}:${item.id}`,
			firmId: reminder.firmId,
			clientId: reminder.clientId,
			requestId: item.id,
			taskId: item.taskId,
			actor: by ? { id: by.id, name: by.name, role: by.role } : SYSTEM_ACTOR,
			kind: 'reminded',
			detail: { trigger: reminder.trigger, contact: contact.name },
			at: reminder.at
		}));
}
