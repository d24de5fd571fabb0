import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import type { ClientReminderStateView } from './types.ts';

type Rt = Pick<Runtime, 'store'>;

/** « Ne pas relancer » on a client, indefinitely (`until` null) or through a date; or lifts it. */
export async function setClientPause(
	_rt: Rt,
	_by: SessionUser | null,
	_clientId: string,
	_input: { paused: boolean; until: string | null }
): Promise<void> {
	throw new Error('not implemented');
}

/** « Ne pas relancer cette demande », or lifts it. */
export async function setRequestOptOut(
	_rt: Rt,
	_by: SessionUser | null,
	_clientId: string,
	_requestId: string,
	_optedOut: boolean
): Promise<void> {
	throw new Error('not implemented');
}

export async function clientReminderState(
	_rt: Rt,
	_by: SessionUser | null,
	_clientId: string
): Promise<ClientReminderStateView> {
	throw new Error('not implemented');
}
