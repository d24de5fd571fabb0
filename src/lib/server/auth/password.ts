import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id (the library's default algorithm) with OWASP's minimum parameters (19 MiB, 2 passes,
 * 1 lane). @node-rs/argon2 hashes on libuv's thread pool, so a login never blocks the event loop
 * that serves the sync traffic.
 */
const OPTIONS = {
	memoryCost: 19_456,
	timeCost: 2,
	parallelism: 1
} as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

/** False for a malformed hash too: a corrupt row must not lock the process up nor let anyone in. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as a real check, for an unknown e-mail, so that response times do not tell
 * which addresses have an account.
 */
export async function verifyNothing(password: string): Promise<false> {
	dummyHash ??= hashPassword('navette-timing-equaliser');
	await verifyPassword(await dummyHash, password);
	return false;
}
