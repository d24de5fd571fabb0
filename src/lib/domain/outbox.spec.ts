import { describe, expect, it } from 'vitest';
import { outboxStatus, type OutboxDelivery } from './outbox.ts';

const base: OutboxDelivery = {
	state: 'pending',
	attempts: 0,
	nextAttemptAt: '2026-05-12T07:00:00.000Z',
	lastError: null,
	sentAt: null
};

describe('outboxStatus', () => {
	it('says a fresh message waits, and a failed one why and when it is tried again', () => {
		expect(outboxStatus(base)).toEqual({
			label: 'En attente d’envoi',
			tone: 'waiting',
			reason: null
		});
		const failed = outboxStatus({
			...base,
			attempts: 1,
			lastError: 'Serveur SMTP injoignable',
			nextAttemptAt: '2026-05-12T07:04:00.000Z'
		});
		expect(failed).toEqual({
			label: 'Échec · nouvelle tentative le 12/05 à 09:04',
			tone: 'error',
			reason: 'Serveur SMTP injoignable'
		});
	});

	it('tells sent, given-up and never-sent messages apart', () => {
		expect(outboxStatus({ ...base, state: 'sent', sentAt: '2026-12-01T08:15:00.000Z' }).label).toBe(
			'Envoyé le 01/12 à 09:15'
		);
		expect(outboxStatus({ ...base, state: 'failed', lastError: '550 Unknown user' })).toEqual({
			label: 'Échec définitif',
			tone: 'error',
			reason: '550 Unknown user'
		});
		expect(outboxStatus({ ...base, state: 'unsent' }).label).toBe(
			'Non envoyé (e-mail non configuré)'
		);
	});
});
