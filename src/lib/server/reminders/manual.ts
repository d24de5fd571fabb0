import { readRequests } from '../../doc/requests.ts';
import { requestsDocName } from '../../domain/doc-names.ts';
import { frenchDate } from '../../domain/paris-time.ts';
import { SIGNIN_LINK_TTL_MS } from '../../domain/signin-links.ts';
import { staffOnly } from '../access.ts';
import { audit } from '../audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { reminderMail } from '../mail/reminder-mail.ts';
import type { Client } from '../store/Store.ts';
import { reminderClient } from './client-state.ts';
import {
	contactDigest,
	firmReminderContext,
	isPausedToday,
	openForManual,
	PREVIEW_SIGNIN_URL_PATH,
	queueClientDigests,
	type FirmReminderContext,
	type ReminderItem,
	type ReminderRuntime
} from './digests.ts';
import type { MultiSendResult, ReminderPreview, SendReminderResult } from './types.ts';

// « Relancer » by hand (issue 13, item 4): every open request of the client (or those chosen),
// whatever the cadence and the per-request maximum, but never a request marked « Terminée » (or
// any status not awaiting the client), nor an opted-out one, nor a paused client. It shares the
// daily pass's « one digest per contact per day » (the same outbox key): a second click the same
// day, or a click after the day's automatic digest, sends that contact nothing and says so
// (`alreadyToday`); tomorrow it may again.

type Rt = ReminderRuntime;

async function firmContext(rt: Rt, user: SessionUser): Promise<FirmReminderContext> {
	const firm = await rt.store.getFirm(user.firmId);
	if (!firm) throw new Error(`The firm ${user.firmId} of a signed-in user is gone`);
	return firmReminderContext(rt, firm, rt.scheduler.clock.now(), { cadence: false });
}

/** The client's requests as they are now (its own document, not the overview, which may lag). */
async function clientItems(rt: Rt, client: Client): Promise<ReminderItem[]> {
	return rt.documents.read(requestsDocName(client.firmId, client.id), (doc) =>
		readRequests(doc).map((request) => ({
			id: request.id,
			clientId: client.id,
			taskId: request.taskId,
			title: request.title,
			status: request.status,
			dueDate: request.dueDate,
			createdAt: request.createdAt
		}))
	);
}

function chosen(
	ctx: FirmReminderContext,
	items: ReminderItem[],
	requestIds?: string[]
): ReminderItem[] {
	const open = openForManual(ctx, items);
	if (!requestIds) return open;
	const wanted = new Set(requestIds);
	return open.filter((item) => wanted.has(item.id));
}

function pausedReason(ctx: FirmReminderContext, clientId: string): string | null {
	if (!isPausedToday(ctx, clientId)) return null;
	const until = ctx.pauses.get(clientId)?.until;
	return until
		? `Les relances de ce client sont suspendues jusqu’au ${frenchDate(until)}.`
		: 'Les relances de ce client sont suspendues.';
}

/** The digests « Relancer » would send, without sending anything (placeholder sign-in link). */
export async function previewClientReminder(
	rt: Rt,
	by: SessionUser | null,
	clientId: string,
	options: { requestIds?: string[] } = {}
): Promise<ReminderPreview> {
	const { user, client } = await reminderClient(rt, by, clientId);
	const ctx = await firmContext(rt, user);
	const requests = chosen(ctx, await clientItems(rt, client), options.requestIds);
	const link = {
		url: `${rt.origin}${PREVIEW_SIGNIN_URL_PATH}`,
		expiresAt: new Date(ctx.now + SIGNIN_LINK_TTL_MS).toISOString()
	};
	const contacts = ctx.contacts.get(client.id) ?? [];
	const messages = contacts.flatMap((contact) => {
		const digest = contactDigest(ctx, client, contact, requests, link);
		if (!digest) return [];
		const mail = reminderMail(digest);
		return [
			{
				contact: { id: contact.id, name: contact.name, email: contact.email },
				subject: mail.subject,
				text: mail.text,
				html: mail.html
			}
		];
	});
	return {
		messages,
		nothingOpen: requests.length === 0,
		alreadyToday: contacts.filter((c) => ctx.remindedToday.has(c.id)).map((c) => c.name),
		refused: pausedReason(ctx, client.id)
	};
}

async function sendWith(
	rt: Rt,
	user: SessionUser,
	ctx: FirmReminderContext,
	client: Client,
	requestIds?: string[]
): Promise<SendReminderResult> {
	const empty = { queued: 0, contacts: [], nothingOpen: false, alreadyToday: [] };
	const refused = pausedReason(ctx, client.id);
	if (refused) return { ...empty, refused };
	const requests = chosen(ctx, await clientItems(rt, client), requestIds);
	if (requests.length === 0) return { ...empty, nothingOpen: true, refused: null };
	const outcome = await queueClientDigests(rt, ctx, client, requests, { by: user, now: ctx.now });
	if (outcome.queued.length > 0) {
		await audit(
			rt.store,
			user,
			'reminder.send',
			client.id,
			outcome.queued.map((contact) => contact.id).join(',')
		);
	}
	return {
		queued: outcome.queued.length,
		contacts: outcome.queued.map((contact) => contact.name),
		nothingOpen: outcome.nothingOpen,
		alreadyToday: outcome.already.map((contact) => contact.name),
		refused:
			outcome.queued.length === 0 && outcome.already.length > 0
				? 'Ce client a déjà reçu sa relance aujourd’hui : la prochaine pourra partir demain.'
				: null
	};
}

/** « Relancer »: one digest per active contact now, bypassing the cadence, not the stop rules. */
export async function sendClientReminder(
	rt: Rt,
	by: SessionUser | null,
	clientId: string,
	options: { requestIds?: string[] } = {}
): Promise<SendReminderResult> {
	const { user, client } = await reminderClient(rt, by, clientId);
	return sendWith(rt, user, await firmContext(rt, user), client, options.requestIds);
}

/** « Relancer » for several clients at once (« Par client »): one context for the firm. */
export async function sendRemindersToClients(
	rt: Rt,
	by: SessionUser | null,
	clientIds: string[]
): Promise<MultiSendResult> {
	const user = staffOnly(by);
	const ctx = await firmContext(rt, user);
	const result: MultiSendResult = { sent: [], skipped: [] };
	for (const clientId of [...new Set(clientIds)]) {
		const client = await rt.store.getClient(clientId);
		if (!client || client.firmId !== user.firmId || client.archivedAt) {
			result.skipped.push({ clientId, reason: 'Client introuvable.' });
			continue;
		}
		const sent = await sendWith(rt, user, ctx, client);
		if (sent.queued > 0) result.sent.push({ clientId, queued: sent.queued });
		else result.skipped.push({ clientId, reason: skipReason(sent, ctx, client) });
	}
	return result;
}

function skipReason(sent: SendReminderResult, ctx: FirmReminderContext, client: Client): string {
	if (sent.refused) return sent.refused;
	if (sent.nothingOpen) return 'Rien à relancer : aucune demande en attente.';
	if ((ctx.contacts.get(client.id) ?? []).length === 0) return 'Aucun contact actif.';
	return 'Aucune relance envoyée.';
}
