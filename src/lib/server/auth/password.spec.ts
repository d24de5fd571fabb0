import { describe, expect, it } from 'vitest';
import { hashPassword, verifyNothing, verifyPassword } from './password.ts';

describe('passwords', () => {
	it('hashes with Argon2id and a salt, and verifies', async () => {
		const a = await hashPassword('correct horse battery');
		const b = await hashPassword('correct horse battery');
		expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(a).not.toBe(b);
		expect(await verifyPassword(a, 'correct horse battery')).toBe(true);
		expect(await verifyPassword(a, 'correct horse batterie')).toBe(false);
	});

	it('treats a corrupt hash as a wrong password', async () => {
		expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
		expect(await verifyNothing('x')).toBe(false);
	});
});
