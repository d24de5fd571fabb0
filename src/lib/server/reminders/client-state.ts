import { error } from '@sveltejs/kit';
import { isIsoDate } from '../../domain/validation.ts';
import { staffOnly } from '../access.ts';
import { audit } from '../audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import type { Client } from '../store/Store.ts';
import type { ClientReminderStateView } from './types.ts';

type Rt = Pick<Runtime, 'store'>;

/** The staff member's firm's client, or a 404 (another firm's client is answered as missing). */
export async function reminderClient(
	rt: Rt,
	by: SessionUser | null,
	clientId: string
): Promise<{ user: SessionUser; client: Client }> {
	const user = staffOnly(by);
	const client = await rt.store.getClient(clientId);
	if (!client || client.firmId !== user.firmId) error(404, 'Client introuvable.');
	return { user, client };
}

/**
 * « Ne pas relancer » on a client, indefinitely (`until` null) or through a date included; or
 * lifts it. Stops the daily pass and « Relancer » alike.
 */
export async function setClientPause(
	rt: Rt,
	by: SessionUser | null,
	clientId: string,
	input: { paused: boolean; until: string | null }
): Promise<void> {
	const { user, client } = await reminderClient(rt, by, clientId);
	if (!input.paused) {
		await rt.store.deleteReminderPause(client.id);
		await audit(rt.store, user, 'reminder.resume', client.id);
		return;
	}
	const until = input.until === '' ? null : input.until;
	if (until !== null && !isIsoDate(until)) error(400, 'La date de fin de pause est invalide.');
	await rt.store.setReminderPause({
		clientId: client.id,
		firmId: user.firmId,
		until,
		byUserId: user.id,
		at: new Date().toISOString()
	});
	await audit(rt.store, user, 'reminder.pause', client.id, until);
}

/** « Ne pas relancer cette demande » on one of the client's requests, or lifts it. */
export async function setRequestOptOut(
	rt: Rt,
	by: SessionUser | null,
	clientId: string,
	requestId: string,
	optedOut: boolean
): Promise<void> {
	const { user, client } = await reminderClient(rt, by, clientId);
	if (typeof requestId !== 'string' || requestId.length === 0 || requestId.length > 100) {
		error(400, 'Demande invalide.');
	}
	if (optedOut) {
		await rt.store.setReminderOptOut({
			requestId,
			clientId: client.id,
			firmId: user.firmId,
			byUserId: user.id,
			at: new Date().toISOString()
		});
	} else {
		// Only this client's: a request id of another firm's client is left alone.
		const mine = await rt.store.listReminderOptOuts(user.firmId, client.id);
		if (mine.some((optOut) => optOut.requestId === requestId)) {
			await rt.store.deleteReminderOptOut(requestId);
		}
	}
	await audit(rt.store, user, optedOut ? 'reminder.opt-out' : 'reminder.opt-in', requestId);
}

/** The client's pause and opted-out requests. */
export async function clientReminderState(
	rt: Rt,
	by: SessionUser | null,
	clientId: string
): Promise<ClientReminderStateView> {
	const { user, client } = await reminderClient(rt, by, clientId);
	const [pauses, optOuts] = await Promise.all([
		rt.store.listReminderPauses(user.firmId),
		rt.store.listReminderOptOuts(user.firmId, client.id)
	]);
	const pause = pauses.find((p) => p.clientId === client.id);
	return {
		paused: pause !== undefined,
		until: pause?.until ?? null,
		optedOut: optOuts.map((optOut) => optOut.requestId)
	};
}
