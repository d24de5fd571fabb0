/**
 * The states of an e-mail in the outbox (DESIGN §11). A message is written before it is sent, so
 * that a crash, a refusal or a missing SMTP server never loses it, and the firm sees each one in
 * its « Boîte d'envoi ».
 *
 * - `pending`: to be sent at `nextAttemptAt` (first try, or again after a failure: `lastError`).
 * - `sent`: the SMTP server accepted it.
 * - `failed`: given up (the server refused it for good, or every attempt failed).
 * - `unsent`: kept, not sent, because no SMTP server is configured (the demo): the firm reads it
 *   in the « Boîte d'envoi » as the client would have.
 */
export const OUTBOX_STATES = ['pending', 'sent', 'failed', 'unsent'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export function isOutboxState(value: unknown): value is OutboxState {
	return (OUTBOX_STATES as readonly unknown[]).includes(value);
}

/** What the firm reads of one message's delivery. */
export interface OutboxStatus {
	label: string;
	tone: 'waiting' | 'done' | 'error' | 'muted';
	/** Why the last attempt failed, as the SMTP server or the network said it. */
	reason: string | null;
}

export interface OutboxDelivery {
	state: OutboxState;
	attempts: number;
	nextAttemptAt: string | null;
	lastError: string | null;
	sentAt: string | null;
}

const PARIS = new Intl.DateTimeFormat('fr-FR', {
	timeZone: 'Europe/Paris',
	day: '2-digit',
	month: '2-digit',
	hour: '2-digit',
	minute: '2-digit'
});

/** « 12/05 à 09:04 », in Paris time. */
export function frenchMoment(instant: string): string {
	return PARIS.format(new Date(instant)).replace(' ', ' à ');
}

/** The French line of the « Boîte d'envoi » for one message. */
export function outboxStatus(message: OutboxDelivery): OutboxStatus {
	switch (message.state) {
		case 'sent':
			return {
				label: message.sentAt ? `Envoyé le ${frenchMoment(message.sentAt)}` : 'Envoyé',
				tone: 'done',
				reason: null
			};
		case 'unsent':
			return { label: 'Non envoyé (e-mail non configuré)', tone: 'muted', reason: null };
		case 'failed':
			return { label: 'Échec définitif', tone: 'error', reason: message.lastError };
		case 'pending':
			if (!message.lastError || !message.nextAttemptAt) {
				return { label: 'En attente d’envoi', tone: 'waiting', reason: null };
			}
			return {
				label: `Échec · nouvelle tentative le ${frenchMoment(message.nextAttemptAt)}`,
				tone: 'error',
				reason: message.lastError
			};
	}
}
