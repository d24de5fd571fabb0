import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import type { MultiSendResult, ReminderPreview, SendReminderResult } from './types.ts';

type Rt = Pick<Runtime, 'store' | 'outbox' | 'documents' | 'origin' | 'scheduler'>;

/** The digests « Relancer » would send, without sending anything (placeholder sign-in link). */
export async function previewClientReminder(
	_rt: Rt,
	_by: SessionUser | null,
	_clientId: string,
	_options: { requestIds?: string[] } = {}
): Promise<ReminderPreview> {
	throw new Error('not implemented');
}

/** « Relancer »: one digest per active contact now, bypassing the cadence, not the stop rules. */
export async function sendClientReminder(
	_rt: Rt,
	_by: SessionUser | null,
	_clientId: string,
	_options: { requestIds?: string[] } = {}
): Promise<SendReminderResult> {
	throw new Error('not implemented');
}

/** « Relancer » for several clients at once (« Par client »). */
export async function sendRemindersToClients(
	_rt: Rt,
	_by: SessionUser | null,
	_clientIds: string[]
): Promise<MultiSendResult> {
	throw new Error('not implemented');
}
