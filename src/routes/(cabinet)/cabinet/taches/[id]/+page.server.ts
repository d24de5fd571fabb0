import { staffOnly } from '$lib/server/access';
import {
	clientFromForm,
	previewReminderAction,
	sendReminderAction
} from '$lib/server/reminder-actions';
import { reminderStatsByRequest, setRequestOptOut } from '$lib/server/reminders';
import { listTemplates, templateData } from '$lib/server/recurring/templates';

/**
 * What the task's requests show of their reminders (the requests themselves come from Yjs): the
 * counts per request and the requests marked « Ne pas relancer », firm-wide, since the task's
 * client is known only once its document is read in the browser; and the firm's « Modèles de
 * demandes », for « Appliquer un modèle ».
 */
export async function load({ locals }) {
	const user = staffOnly(locals.user);
	const [reminderStats, optOuts, templates] = await Promise.all([
		reminderStatsByRequest(locals.runtime, user, user.firmId),
		locals.runtime.store.listReminderOptOuts(user.firmId),
		listTemplates(locals.runtime, user)
	]);
	return {
		reminderStats,
		reminderOptOuts: optOuts.map((o) => o.requestId),
		templates: templates.map(templateData)
	};
}

export const actions = {
	previewReminder: previewReminderAction(clientFromForm),
	sendReminder: sendReminderAction(clientFromForm),
	/** « Ne pas relancer cette demande », or lifts it. */
	optOut: async ({ locals, request }) => {
		const form = await request.formData();
		await setRequestOptOut(
			locals.runtime,
			locals.user,
			String(form.get('clientId') ?? ''),
			String(form.get('requestId') ?? ''),
			form.get('optedOut') === 'on'
		);
		return { optOut: true };
	}
};
