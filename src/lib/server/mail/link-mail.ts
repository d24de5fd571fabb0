import type { LinkPurpose } from '../../domain/invitations.ts';
import { escapeHtml } from './html.ts';
import type { MailMessage } from './Mailer.ts';

/** The e-mail carrying a single-use link: an invitation to Navette, or a password reset. */
export function linkMail(input: {
	purpose: LinkPurpose;
	to: { name: string; address: string };
	firmName: string;
	url: string;
	expiresAt: string;
}): MailMessage {
	const until = new Intl.DateTimeFormat('fr-FR', {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone: 'Europe/Paris'
	}).format(new Date(input.expiresAt));
	const invite = input.purpose === 'invite';
	const subject = invite
		? `${input.firmName} vous invite sur Navette`
		: 'Réinitialisation de votre mot de passe Navette';
	const intro = invite
		? `${input.firmName} vous invite à utiliser Navette, son espace d’échange avec vous.`
		: `Une réinitialisation de votre mot de passe Navette a été demandée.`;
	const action = invite ? 'Choisir mon mot de passe' : 'Choisir un nouveau mot de passe';
	const outro = invite
		? 'Si vous ne vous attendiez pas à cette invitation, ignorez ce message.'
		: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.';
	const text = [
		`Bonjour ${input.to.name},`,
		'',
		intro,
		`${action} : ${input.url}`,
		'',
		`Ce lien ne sert qu’une fois et reste valable jusqu’au ${until}.`,
		outro
	].join('\n');
	const html = [
		`<p>Bonjour ${escapeHtml(input.to.name)},</p>`,
		`<p>${escapeHtml(intro)}</p>`,
		`<p><a href="${escapeHtml(input.url)}">${escapeHtml(action)}</a></p>`,
		`<p>Ce lien ne sert qu’une fois et reste valable jusqu’au ${escapeHtml(until)}.<br>`,
		`${escapeHtml(outro)}</p>`
	].join('\n');
	return { to: input.to, subject, text, html };
}
