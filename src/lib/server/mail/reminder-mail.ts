import type { Digest, DigestItem } from '../../domain/digest.ts';
import { escapeHtml } from './html.ts';
import type { MailMessage } from './Mailer.ts';

const UNTIL = new Intl.DateTimeFormat('fr-FR', {
	dateStyle: 'long',
	timeStyle: 'short',
	timeZone: 'Europe/Paris'
});

/**
 * The reminder e-mail of a digest, in French: what the firm still awaits, task by task, a
 * sign-in link to the contact's portal, signed with the firm's name; replies reach the
 * collaborator in charge.
 */
export function reminderMail(digest: Digest): MailMessage {
	const { firmName, contact, replyTo } = digest;
	const subject = subjectOf(digest);
	const until = UNTIL.format(new Date(digest.signinExpiresAt));
	const intro = `${firmName} attend encore de votre part ${count(digest.requestCount)} :`;
	const action = 'Ouvrir mon espace';
	const linkNote = `Ce lien vous connecte à votre espace sans mot de passe, jusqu’au ${until}. Ne le transférez pas.`;
	const reply = replyTo
		? `Une question ? Répondez à ce message : il parviendra à ${replyTo.name}.`
		: 'Une question ? Répondez à ce message.';
	const text = [
		`Bonjour ${contact.name},`,
		'',
		intro,
		...digest.groups.flatMap((group) => [
			'',
			group.taskTitle,
			...group.items.map((item) => `- ${item.title}${dueText(item)}`)
		]),
		'',
		`${action} : ${digest.signinUrl}`,
		linkNote,
		'',
		reply,
		'',
		'Cordialement,',
		firmName
	].join('\n');
	const html = [
		`<p>Bonjour ${escapeHtml(contact.name)},</p>`,
		`<p>${escapeHtml(intro)}</p>`,
		...digest.groups.flatMap((group) => [
			`<h3>${escapeHtml(group.taskTitle)}</h3>`,
			'<ul>',
			...group.items.map((item) => `<li>${itemHtml(item)}</li>`),
			'</ul>'
		]),
		`<p><a href="${escapeHtml(digest.signinUrl)}">${escapeHtml(action)}</a></p>`,
		`<p>${escapeHtml(linkNote)}</p>`,
		`<p>${escapeHtml(reply)}</p>`,
		`<p>Cordialement,<br>${escapeHtml(firmName)}</p>`
	].join('\n');
	return {
		to: { name: contact.name, address: contact.email },
		...(replyTo && { replyTo: { name: replyTo.name, address: replyTo.email } }),
		subject,
		text,
		html
	};
}

function subjectOf(digest: Digest): string {
	const late = digest.lateCount > 0 ? `, dont ${digest.lateCount} en retard` : '';
	return `${digest.firmName} : ${count(digest.requestCount)} en attente${late}`;
}

function count(requests: number): string {
	return requests === 1 ? '1 demande' : `${requests} demandes`;
}

function dueText(item: DigestItem): string {
	if (item.dueDateLabel === null) return '';
	return ` (échéance : ${item.dueDateLabel}${item.late ? ', en retard' : ''})`;
}

function itemHtml(item: DigestItem): string {
	const title = escapeHtml(item.title);
	if (item.dueDateLabel === null) return title;
	const late = item.late ? ', <strong>en retard</strong>' : '';
	return `${title} (échéance : ${escapeHtml(item.dueDateLabel)}${late})`;
}
