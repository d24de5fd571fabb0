import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import type { ReminderHistoryEntry, RequestReminderStats } from './types.ts';

type Rt = Pick<Runtime, 'store' | 'documents'>;

/** The client's reminders, newest first, each with its delivery state in French. */
export async function clientReminderHistory(
	_rt: Rt,
	_by: SessionUser | null,
	_clientId: string
): Promise<ReminderHistoryEntry[]> {
	throw new Error('not implemented');
}

/** Per request of the firm: how many reminders included it, and the latest. */
export async function reminderStatsByRequest(
	_rt: Pick<Runtime, 'store'>,
	_by: SessionUser | null,
	_firmId: string
): Promise<Record<string, RequestReminderStats>> {
	throw new Error('not implemented');
}
