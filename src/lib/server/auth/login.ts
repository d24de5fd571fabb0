import { audit } from '../audit.ts';
import type { Runtime } from '../runtime.ts';
import type { User } from '../store/Store.ts';
import { verifyNothing, verifyPassword } from './password.ts';
import { startSession } from './sessions.ts';

export type LoginResult =
	| { ok: true; user: User; token: string; expires: Date }
	| { ok: false; status: 400 | 401 | 429; message: string };

const INVALID = 'Adresse e-mail ou mot de passe incorrect.';

/**
 * Checks a login attempt and opens a session. Failures are counted per e-mail and per source
 * address; past the limit the answer is a wait, whatever the password.
 */
export async function login(
	rt: Pick<Runtime, 'store' | 'loginFailures'>,
	input: { email: unknown; password: unknown; address: string }
): Promise<LoginResult> {
	const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
	const password = typeof input.password === 'string' ? input.password : '';
	if (!email || !password) {
		return {
			ok: false,
			status: 400,
			message: 'Saisissez votre adresse e-mail et votre mot de passe.'
		};
	}
	if (email.length > 254 || password.length > 1024)
		return { ok: false, status: 400, message: INVALID };

	const wait = Math.max(
		...(await Promise.all([
			rt.loginFailures.byEmail.retryAfter(email),
			rt.loginFailures.byAddress.retryAfter(input.address)
		]))
	);
	if (wait > 0) {
		const minutes = Math.ceil(wait / 60_000);
		return {
			ok: false,
			status: 429,
			message: `Trop de tentatives de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`
		};
	}

	const user = await rt.store.getUserByEmail(email);
	const valid = user
		? await verifyPassword(user.passwordHash, password)
		: await verifyNothing(password);
	if (!user || !valid || user.disabledAt) {
		await Promise.all([
			rt.loginFailures.byEmail.fail(email),
			rt.loginFailures.byAddress.fail(input.address)
		]);
		return { ok: false, status: 401, message: INVALID };
	}
	await rt.loginFailures.byEmail.succeed(email);
	const { token, expires } = await startSession(rt.store, user.id);
	await audit(rt.store, user, 'auth.login', null);
	return { ok: true, user, token, expires };
}
