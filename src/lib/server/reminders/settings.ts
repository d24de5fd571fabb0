import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import type { ReminderSettings, SaveReminderSettingsResult } from './types.ts';

type Rt = Pick<Runtime, 'store' | 'outbox'>;

/** The firm's policy (defaults until an administrator saves one); staff may read it. */
export async function reminderSettings(
	_rt: Rt,
	_by: SessionUser | null
): Promise<ReminderSettings> {
	throw new Error('not implemented');
}

/** Saves the policy from the settings form; administrators only. */
export async function saveReminderSettings(
	_rt: Rt,
	_by: SessionUser | null,
	_form: FormData | Record<string, unknown>
): Promise<SaveReminderSettingsResult> {
	throw new Error('not implemented');
}
