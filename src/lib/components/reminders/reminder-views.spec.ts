import { describe, expect, it } from 'vitest';
import { reminderLine, sentSummary } from './reminder-views.ts';

describe('reminderLine', () => {
	it('says « Jamais relancée » without a reminder', () => {
		expect(reminderLine(undefined)).toBe('Jamais relancée');
		expect(reminderLine({ count: 0, lastAt: '2026-05-12T07:00:00Z' })).toBe('Jamais relancée');
	});

	it('counts and dates the last one in Paris time', () => {
		expect(reminderLine({ count: 2, lastAt: '2026-05-12T07:00:00Z' })).toBe(
			'Relancée 2 fois · dernière le 12/05'
		);
		// 23:30 UTC on the 11th is already the 12th in Paris.
		expect(reminderLine({ count: 1, lastAt: '2026-05-11T23:30:00Z' })).toBe(
			'Relancée une fois · dernière le 12/05'
		);
	});
});

describe('sentSummary', () => {
	const none = { queued: 0, contacts: [], nothingOpen: false, alreadyToday: [], refused: null };

	it('names who was reminded, and who already was today', () => {
		expect(sentSummary({ ...none, queued: 1, contacts: ['Sophie Leroy'] })).toBe(
			'Relance envoyée à Sophie Leroy.'
		);
		expect(
			sentSummary({
				...none,
				queued: 1,
				contacts: ['Marc Leroy'],
				alreadyToday: ['Sophie Leroy', 'Anne Roy']
			})
		).toBe(
			'Relance envoyée à Marc Leroy. Sophie Leroy et Anne Roy ont déjà reçu une relance aujourd’hui : rien de plus n’est envoyé avant demain.'
		);
	});

	it('says when there is nothing to send', () => {
		expect(sentSummary({ ...none, nothingOpen: true })).toBe(
			'Rien à relancer : aucune demande ouverte.'
		);
		expect(sentSummary(none)).toBe('Aucun contact actif à relancer.');
	});
});
