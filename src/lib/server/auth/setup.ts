import { error } from '@sveltejs/kit';
import { validateSetup } from '../../domain/accounts.ts';
import { audit } from '../audit.ts';
import type { Runtime } from '../runtime.ts';
import { hashPassword } from './password.ts';
import { startSession } from './sessions.ts';

type Rt = Pick<Runtime, 'store'>;

/** First run only: once a firm exists, setup answers a 404 as if it had never been. */
export async function firstRunOnly(rt: Rt): Promise<void> {
	if (!(await rt.store.isEmpty())) error(404, 'Introuvable');
}

export type SetupResult =
	{ ok: true; token: string; expires: Date } | { ok: false; errors: Record<string, string> };

/**
 * Creates the firm and its first administrator from the setup form, audited as `firm.setup`,
 * and signs that administrator in. A 404 when a firm already exists (another setup may have won
 * the race between the check and the transaction).
 */
export async function setUpFirm(rt: Rt, form: Record<string, unknown>): Promise<SetupResult> {
	await firstRunOnly(rt);
	const checked = validateSetup(form);
	if (!checked.ok) return checked;
	const { firmName, name, email, password } = checked.value;
	const done = await rt.store.setupFirm({
		firmName,
		admin: { name, email, passwordHash: await hashPassword(password) }
	});
	if (!done) error(404, 'Introuvable');
	await audit(rt.store, done.user, 'firm.setup', done.firm.id);
	const { token, expires } = await startSession(rt.store, done.user.id);
	return { ok: true, token, expires };
}
