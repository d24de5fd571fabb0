import { describe, expect, it } from 'vitest';
import { COLLAB_TOKEN_TTL_MS, issueCollabToken, verifyCollabToken } from './collab-token.ts';
import { sign } from './tokens.ts';

const SECRET = 'test-secret';

describe('collab tokens', () => {
	it('round-trips the claims until expiry', () => {
		const token = issueCollabToken(SECRET, { sid: 's1', uid: 'u1' }, 1000);
		expect(verifyCollabToken(SECRET, token, 1001)).toEqual({
			sid: 's1',
			uid: 'u1',
			exp: 1000 + COLLAB_TOKEN_TTL_MS
		});
		expect(verifyCollabToken(SECRET, token, 1000 + COLLAB_TOKEN_TTL_MS)).toBeNull();
	});

	it('refuses another secret, a tampered payload or signature, and junk', () => {
		const token = issueCollabToken(SECRET, { sid: 's1', uid: 'u1' });
		expect(verifyCollabToken('other', token)).toBeNull();
		const [body, mac] = token.split('.');
		const tampered = Buffer.from(
			JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), uid: 'admin' })
		).toString('base64url');
		expect(verifyCollabToken(SECRET, `${tampered}.${mac}`)).toBeNull();
		expect(verifyCollabToken(SECRET, `${body}.${mac!.slice(0, -2)}AA`)).toBeNull();
		for (const junk of [null, 42, '', '.', 'a.b', 'x'.repeat(5000), `${body}.`]) {
			expect(verifyCollabToken(SECRET, junk)).toBeNull();
		}
	});

	it('refuses a token signed for another purpose with the same secret', () => {
		const other = sign(SECRET, {
			sid: 's1',
			uid: 'u1',
			exp: Date.now() + 60_000,
			purpose: 'reset'
		});
		expect(verifyCollabToken(SECRET, other)).toBeNull();
	});
});
