import { describe, expect, it } from 'vitest';
import { composeDigest, type DigestInput } from '../../domain/digest.ts';
import { reminderMail } from './reminder-mail.ts';

const sales = {
	id: 'r1',
	taskId: 't-tva',
	title: 'Factures de ventes',
	status: 'todo',
	dueDate: '2026-05-15'
};

const input: DigestInput = {
	firmName: 'Cabinet Lemaire',
	contact: { id: 'c-sophie', name: 'Sophie Durand', email: 'sophie@alterce.fr' },
	replyTo: { name: 'Claire Martin', email: 'claire@lemaire.fr' },
	signinUrl: 'https://navette.example/connexion/lien/abc?x=1&y=2',
	signinExpiresAt: '2026-05-19T07:00:00.000Z',
	today: '2026-05-12',
	taskTitles: new Map([
		['t-tva', 'TVA avril 2026'],
		['t-bilan', 'Bilan 2025']
	]),
	requests: [
		{
			id: 'r1',
			taskId: 't-tva',
			title: 'Factures de ventes',
			status: 'todo',
			dueDate: '2026-05-15'
		},
		{ id: 'r3', taskId: 't-bilan', title: 'Inventaire', status: 'todo', dueDate: '2026-05-11' },
		{ id: 'r2', taskId: 't-bilan', title: 'Relevés bancaires', status: 'todo', dueDate: null }
	]
};

describe('reminderMail', () => {
	const mail = reminderMail(composeDigest(input)!);

	it('goes to the contact, replies to the collaborator in charge', () => {
		expect(mail.to).toEqual({ name: 'Sophie Durand', address: 'sophie@alterce.fr' });
		expect(mail.replyTo).toEqual({ name: 'Claire Martin', address: 'claire@lemaire.fr' });
		expect(mail.subject).toBe('Cabinet Lemaire : 3 demandes en attente, dont 1 en retard');
	});

	it('lists the requests task by task with due dates and late ones marked, signed by the firm', () => {
		expect(mail.text).toContain(
			[
				'Cabinet Lemaire attend encore de votre part 3 demandes :',
				'',
				'Bilan 2025',
				'- Inventaire (échéance : 11/05/2026, en retard)',
				'- Relevés bancaires',
				'',
				'TVA avril 2026',
				'- Factures de ventes (échéance : 15/05/2026)'
			].join('\n')
		);
		expect(mail.text).toContain(
			'Ouvrir mon espace : https://navette.example/connexion/lien/abc?x=1&y=2'
		);
		expect(mail.text).toContain('jusqu’au 19 mai 2026 à 09:00');
		expect(mail.text).toContain('il parviendra à Claire Martin');
		expect(mail.text.endsWith('Cordialement,\nCabinet Lemaire')).toBe(true);
		expect(mail.html).toContain('Inventaire (échéance : 11/05/2026, <strong>en retard</strong>)');
	});

	it('says one request in the singular, and nothing late when nothing is', () => {
		const one = reminderMail(composeDigest({ ...input, requests: [sales] })!);
		expect(one.subject).toBe('Cabinet Lemaire : 1 demande en attente');
		expect(one.text).not.toContain('en retard');
	});

	it('has no reply-to without a collaborator in charge', () => {
		const alone = reminderMail(composeDigest({ ...input, replyTo: null })!);
		expect(alone).not.toHaveProperty('replyTo');
		expect(alone.text).toContain('Une question ? Répondez à ce message.');
	});

	it('escapes every name, title and the link in the HTML part', () => {
		const hostile = reminderMail(
			composeDigest({
				...input,
				firmName: 'Lemaire & <i>Fils</i>',
				contact: { ...input.contact, name: '<script>alert(1)</script>' },
				replyTo: { name: 'Claire "<b>"', email: 'claire@lemaire.fr' },
				taskTitles: new Map([['t-tva', '<img src=x onerror=alert(1)>']]),
				requests: [{ ...sales, title: 'Factures <b>2026</b>' }]
			})!
		);
		expect(hostile.html).not.toMatch(/<(script|img|i|b)[\s>]/);
		expect(hostile.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(hostile.html).toContain('<h3>&lt;img src=x onerror=alert(1)&gt;</h3>');
		expect(hostile.html).toContain('Factures &lt;b&gt;2026&lt;/b&gt;');
		expect(hostile.html).toContain('Lemaire &amp; &lt;i&gt;Fils&lt;/i&gt;');
		expect(hostile.html).toContain('Claire &quot;&lt;b&gt;&quot;');
		expect(mail.html).toContain('href="https://navette.example/connexion/lien/abc?x=1&amp;y=2"');
	});
});
