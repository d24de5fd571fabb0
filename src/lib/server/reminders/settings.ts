import { validateReminderPolicy } from '../../domain/reminder-policy.ts';
import { adminOnly, staffOnly } from '../access.ts';
import { audit } from '../audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import { firmReminderPolicy, REMINDER_SETTING_KEY } from './policy.ts';
import type { ReminderSettings, SaveReminderSettingsResult } from './types.ts';

type Rt = Pick<Runtime, 'store' | 'outbox'>;

/** The firm's policy (off with the French defaults until an administrator saves one); staff. */
export async function reminderSettings(rt: Rt, by: SessionUser | null): Promise<ReminderSettings> {
	const user = staffOnly(by);
	return {
		policy: await firmReminderPolicy(rt.store, user.firmId),
		mailConfigured: rt.outbox.configured
	};
}

/**
 * Saves the policy from the settings form (an unchecked box is absent: off) or from JSON;
 * administrators only. A change of hour applies from the next day's pass when today's is
 * already planned.
 */
export async function saveReminderSettings(
	rt: Rt,
	by: SessionUser | null,
	form: FormData | Record<string, unknown>
): Promise<SaveReminderSettingsResult> {
	const user = adminOnly(by);
	const values = form instanceof FormData ? Object.fromEntries(form) : { ...form };
	const checked = validateReminderPolicy(values);
	if (!checked.ok) return { ok: false, errors: checked.errors, values };
	await rt.store.setFirmSetting(
		user.firmId,
		REMINDER_SETTING_KEY,
		checked.value,
		new Date().toISOString()
	);
	await audit(rt.store, user, 'reminder.settings', user.firmId, JSON.stringify(checked.value));
	return { ok: true };
}
