import { fail, type RequestEvent } from '@sveltejs/kit';
import { previewClientReminder, sendClientReminder } from './reminders/index.ts';

/**
 * The « Relancer » form actions, shared by the client's page (all its open requests) and the task
 * page (one request, named by a `requestId` field). `clientOf` says where the client comes from:
 * the route on the client's page, a `clientId` field on the task page.
 */
type ClientOf = (event: RequestEvent, form: FormData) => string;

export const clientFromRoute: ClientOf = (event) => event.params.id ?? '';
export const clientFromForm: ClientOf = (_event, form) => String(form.get('clientId') ?? '');

async function target(event: RequestEvent, clientOf: ClientOf) {
	const form = await event.request.formData();
	const requestId = form.get('requestId');
	return {
		clientId: clientOf(event, form),
		options: typeof requestId === 'string' && requestId ? { requestIds: [requestId] } : {}
	};
}

/** What « Relancer » would send, shown before anything goes. */
export function previewReminderAction(clientOf: ClientOf) {
	return async (event: RequestEvent) => {
		const { clientId, options } = await target(event, clientOf);
		const { locals } = event;
		return { preview: await previewClientReminder(locals.runtime, locals.user, clientId, options) };
	};
}

/** « Envoyer » in the preview: the digests go (or say why not). */
export function sendReminderAction(clientOf: ClientOf) {
	return async (event: RequestEvent) => {
		const { clientId, options } = await target(event, clientOf);
		const { locals } = event;
		const sent = await sendClientReminder(locals.runtime, locals.user, clientId, options);
		if (sent.nothingOpen) {
			return fail(400, { reminderMessage: 'Rien à relancer : aucune demande ouverte.' });
		}
		if (sent.refused && sent.queued === 0) return fail(400, { reminderMessage: sent.refused });
		return { sent };
	};
}
