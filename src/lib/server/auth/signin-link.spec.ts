import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLinkSecret } from '../../domain/invitations.ts';
import { newSigninLink, SIGNIN_LINK_PATH } from './signin-link.ts';

describe('newSigninLink', () => {
	const now = Date.parse('2026-05-12T07:00:00.000Z');

	it('puts a 256-bit secret in the URL and keeps only its SHA-256 as the id', () => {
		const link = newSigninLink('https://navette.example', now);
		expect(isLinkSecret(link.secret)).toBe(true);
		expect(Buffer.from(link.secret, 'base64url')).toHaveLength(32);
		expect(link.url).toBe(`https://navette.example${SIGNIN_LINK_PATH}${link.secret}`);
		expect(link.id).toBe(createHash('sha256').update(link.secret).digest('base64url'));
		expect(link.id).not.toContain(link.secret);
	});

	it('expires after seven days unless told otherwise, and is new each time', () => {
		const link = newSigninLink('https://navette.example', now);
		expect(link.expiresAt).toBe('2026-05-19T07:00:00.000Z');
		expect(newSigninLink('https://x', now, 3600_000).expiresAt).toBe('2026-05-12T08:00:00.000Z');
		const secrets = new Set(Array.from({ length: 50 }, () => newSigninLink('https://x').secret));
		expect(secrets.size).toBe(50);
	});
});
