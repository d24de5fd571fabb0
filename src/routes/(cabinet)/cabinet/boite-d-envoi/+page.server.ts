import { firmOutbox } from '$lib/server/mail/outbox-view';

/** Every e-mail of the firm, newest first, as its recipient reads it (staff only: 403 otherwise). */
export async function load({ locals }) {
	const outbox = await firmOutbox(locals.runtime, locals.user);
	return {
		configured: outbox.configured,
		messages: outbox.messages.map((message) => ({
			id: message.id,
			kind: message.kind,
			to: message.to,
			subject: message.subject,
			text: message.text,
			html: message.html,
			createdAt: message.createdAt,
			attempts: message.attempts,
			status: message.status
		}))
	};
}
