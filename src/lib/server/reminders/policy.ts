import {
	DEFAULT_REMINDER_POLICY,
	validateReminderPolicy,
	type ReminderPolicy
} from '../../domain/reminder-policy.ts';
import type { Store } from '../store/Store.ts';

/** The `firm_settings` key of the reminder policy. */
export const REMINDER_SETTING_KEY = 'reminders';

/**
 * What a firm that never saved a policy gets: the French defaults, but off. Automatic e-mails to
 * a firm's clients start only once an administrator turns them on (or the demo seed does), so
 * that an upgrade never starts mailing clients on its own.
 */
export const UNSAVED_REMINDER_POLICY: Readonly<ReminderPolicy> = Object.freeze({
	...DEFAULT_REMINDER_POLICY,
	enabled: false
});

/** The firm's saved policy, or {@link UNSAVED_REMINDER_POLICY}; a stored value that no longer validates falls back to it too. */
export async function firmReminderPolicy(
	store: Pick<Store, 'getFirmSetting'>,
	firmId: string
): Promise<ReminderPolicy> {
	const stored = await store.getFirmSetting(firmId, REMINDER_SETTING_KEY);
	if (stored === undefined) return { ...UNSAVED_REMINDER_POLICY };
	const checked = validateReminderPolicy(stored);
	return checked.ok ? checked.value : { ...UNSAVED_REMINDER_POLICY };
}
