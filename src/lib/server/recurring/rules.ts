import {
	DEFAULT_RECURRING_RULES,
	validateRecurringRules,
	type RecurringRules
} from '../../domain/recurring-rules.ts';
import { adminOnly } from '../access.ts';
import { audit } from '../audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import type { Store } from '../store/Store.ts';

type Rt = Pick<Runtime, 'store'>;

/** The firm setting (`firm_settings`) that holds the « Missions récurrentes » rules. */
export const RULES_SETTING = 'recurring';
/** The firm setting that holds the Paris date of the firm's last recurring pass. */
export const PASS_SETTING = 'recurring-pass';

/**
 * The firm's rules; a firm that never saved them has the defaults (both rules on), and a stored
 * value this version cannot read falls back to them too rather than stop the daily pass.
 */
export async function firmRules(store: Store, firmId: string): Promise<RecurringRules> {
	const stored = await store.getFirmSetting(firmId, RULES_SETTING);
	if (stored === undefined) return { ...DEFAULT_RECURRING_RULES };
	const valid = validateRecurringRules(stored);
	return valid.ok ? valid.value : { ...DEFAULT_RECURRING_RULES };
}

/** The settings page's data (administrators). */
export async function recurringSettings(rt: Rt, by: SessionUser | null): Promise<RecurringRules> {
	const user = adminOnly(by);
	return firmRules(rt.store, user.firmId);
}

/**
 * Saves the administrators' form (a switch left unticked is absent from it): the next pass uses
 * the new rules; tasks already created stay as they are.
 */
export async function saveRecurringSettings(
	rt: Rt,
	by: SessionUser | null,
	input: Record<string, unknown>
): Promise<{ ok: true; rules: RecurringRules } | { ok: false; errors: Record<string, string> }> {
	const user = adminOnly(by);
	const valid = validateRecurringRules(input);
	if (!valid.ok) return valid;
	await rt.store.setFirmSetting(user.firmId, RULES_SETTING, valid.value, new Date().toISOString());
	await audit(rt.store, user, 'recurring.settings', null);
	return { ok: true, rules: valid.value };
}
