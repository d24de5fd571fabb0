import { describe, expect, it } from 'vitest';
import { isLinkSecret, linkExpiry, linkState } from './invitations.ts';

const NOW = Date.parse('2026-03-01T10:00:00.000Z');
const SEVEN_DAYS = 7 * 24 * 3600_000;
const fresh = { expiresAt: linkExpiry(NOW), usedAt: null, revokedAt: null };

describe('linkState', () => {
	it('is valid for seven days, then expired', () => {
		expect(linkState(fresh, NOW)).toBe('valid');
		expect(linkState(fresh, NOW + SEVEN_DAYS - 1)).toBe('valid');
		expect(linkState(fresh, NOW + SEVEN_DAYS)).toBe('expired');
	});

	it('says used or revoked before expired, and unknown for no record', () => {
		const late = NOW + 2 * SEVEN_DAYS;
		expect(linkState({ ...fresh, usedAt: '2026-03-02T00:00:00.000Z' }, late)).toBe('used');
		expect(linkState({ ...fresh, revokedAt: '2026-03-02T00:00:00.000Z' }, late)).toBe('revoked');
		expect(linkState(null, NOW)).toBe('unknown');
	});
});

describe('isLinkSecret', () => {
	it('accepts 32 bytes of base64url only', () => {
		expect(isLinkSecret('a'.repeat(43))).toBe(true);
		expect(isLinkSecret('a'.repeat(42))).toBe(false);
		expect(isLinkSecret('a'.repeat(42) + '=')).toBe(false);
		expect(isLinkSecret('../' + 'a'.repeat(40))).toBe(false);
		expect(isLinkSecret(undefined)).toBe(false);
	});
});
