import { error } from '@sveltejs/kit';
import { readRequests } from '../../doc/requests.ts';
import { requestsDocName } from '../../domain/doc-names.ts';
import { frenchMoment, type OutboxDelivery } from '../../domain/outbox.ts';
import { staffOnly } from '../access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import { reminderClient } from './client-state.ts';
import type { ReminderHistoryEntry, RequestReminderStats } from './types.ts';

type Rt = Pick<Runtime, 'store' | 'documents'>;

/** Shown for a request listed by a reminder and withdrawn since. */
const WITHDRAWN_TITLE = 'Demande retirée';

/** The client's reminders (200 latest), newest first, each with its delivery in French. */
export async function clientReminderHistory(
	rt: Rt,
	by: SessionUser | null,
	clientId: string
): Promise<ReminderHistoryEntry[]> {
	const { user, client } = await reminderClient(rt, by, clientId);
	const [reminders, users, titles] = await Promise.all([
		rt.store.listReminders(user.firmId, { clientId: client.id, limit: 200 }),
		rt.store.listUsers(user.firmId),
		rt.documents.read(
			requestsDocName(client.firmId, client.id),
			(doc) => new Map(readRequests(doc).map((request) => [request.id, request.title]))
		)
	]);
	const people = new Map(users.map((u) => [u.id, u]));
	const messages = await Promise.all(
		reminders.map((reminder) => rt.store.getOutboxMessage(reminder.outboxId))
	);
	return reminders.map((reminder, i) => {
		const message = messages[i];
		const contact = people.get(reminder.contactUserId);
		const staff = reminder.byUserId ? people.get(reminder.byUserId) : undefined;
		return {
			at: reminder.at,
			trigger: reminder.trigger,
			by: staff ? { id: staff.id, name: staff.name } : null,
			contact: message
				? { name: message.to.name, email: message.to.address }
				: { name: contact?.name ?? '', email: contact?.email ?? '' },
			requests: reminder.requestIds.map((id) => ({ id, title: titles.get(id) ?? WITHDRAWN_TITLE })),
			delivery: message
				? reminderDelivery(message)
				: { state: 'failed', label: 'Message introuvable', reason: null, nextAttemptAt: null }
		};
	});
}

/** What the client's page reads of a reminder's delivery, from its outbox message. */
export function reminderDelivery(message: OutboxDelivery): ReminderHistoryEntry['delivery'] {
	const base = { state: message.state, reason: null, nextAttemptAt: null };
	switch (message.state) {
		case 'sent':
			return {
				...base,
				label: message.sentAt ? `Envoyée le ${frenchMoment(message.sentAt)}` : 'Envoyée'
			};
		case 'unsent':
			return { ...base, label: 'Non envoyé (e-mail non configuré)' };
		case 'failed':
			return {
				...base,
				label: `Échec définitif : ${message.lastError ?? 'raison inconnue'}`,
				reason: message.lastError
			};
		case 'pending':
			if (!message.lastError || !message.nextAttemptAt) {
				return { ...base, label: 'En attente d’envoi' };
			}
			return {
				state: 'pending',
				label: `Échec : ${message.lastError} · nouvelle tentative le ${frenchMoment(message.nextAttemptAt)}`,
				reason: message.lastError,
				nextAttemptAt: message.nextAttemptAt
			};
	}
}

/**
 * Per request of the staff member's firm: how many reminders included it (automatic or by
 * hand), and the latest (« Relancée 2 fois · dernière le 12/05 »; « Tâches »' filter).
 */
export async function reminderStatsByRequest(
	rt: Pick<Runtime, 'store'>,
	by: SessionUser | null,
	firmId: string
): Promise<Record<string, RequestReminderStats>> {
	const user = staffOnly(by);
	if (firmId !== user.firmId) error(403, 'Accès réservé au cabinet.');
	const sends = await rt.store.listReminderSends(firmId);
	const stats: Record<string, RequestReminderStats> = {};
	for (const { requestId, at } of sends) {
		const current = stats[requestId];
		if (!current) stats[requestId] = { count: 1, lastAt: at };
		else {
			current.count++;
			if (at > current.lastAt) current.lastAt = at;
		}
	}
	return stats;
}
