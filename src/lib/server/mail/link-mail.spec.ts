import { describe, expect, it } from 'vitest';
import { linkMail } from './link-mail.ts';

const base = {
	to: { name: 'Léa <b>Petit</b>', address: 'lea@example.fr' },
	firmName: 'Cabinet Lemaire',
	url: 'https://navette.example/invitation/abc',
	expiresAt: '2026-12-05T17:00:00.000Z'
};

describe('linkMail', () => {
	it('invites in French, with the link and until when it works (Paris time)', () => {
		const mail = linkMail({ ...base, purpose: 'invite' });
		expect(mail.subject).toBe('Cabinet Lemaire vous invite sur Navette');
		expect(mail.text).toContain(
			'Choisir mon mot de passe : https://navette.example/invitation/abc'
		);
		expect(mail.text).toContain('valable jusqu’au 5 décembre 2026 à 18:00');
	});

	it('says a reset changes nothing when ignored', () => {
		const mail = linkMail({ ...base, purpose: 'reset' });
		expect(mail.subject).toBe('Réinitialisation de votre mot de passe Navette');
		expect(mail.text).toContain('votre mot de passe reste inchangé');
	});

	it('escapes names in the HTML part', () => {
		const mail = linkMail({ ...base, purpose: 'invite' });
		expect(mail.html).toContain('Léa &lt;b&gt;Petit&lt;/b&gt;');
		expect(mail.html).not.toContain('<b>');
	});
});
