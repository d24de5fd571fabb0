import { describe, expect, it } from 'vitest';
import {
	SIGNIN_LINK_MESSAGES,
	SIGNIN_LINK_TTL_MS,
	signinLinkExpiry,
	signinLinkState
} from './signin-links.ts';

const NOW = Date.parse('2026-05-12T07:00:00.000Z');
const link = { expiresAt: signinLinkExpiry(NOW), usedAt: null, revokedAt: null };
const contact = { role: 'client' as const, disabledAt: null };

describe('signinLinkState', () => {
	it('opens the portal for seven days, then says it expired', () => {
		expect(signinLinkExpiry(NOW)).toBe('2026-05-19T07:00:00.000Z');
		expect(signinLinkState(link, contact, NOW + SIGNIN_LINK_TTL_MS - 1)).toBe('valid');
		expect(signinLinkState(link, contact, NOW + SIGNIN_LINK_TTL_MS)).toBe('expired');
	});

	it('keeps working once used, on another device', () => {
		const used = { ...link, usedAt: '2026-05-12T08:00:00.000Z' };
		expect(signinLinkState(used, contact, NOW + 3600_000)).toBe('valid');
	});

	it('opens nothing once revoked or once the contact is deactivated', () => {
		const revoked = { ...link, revokedAt: '2026-05-13T08:00:00.000Z' };
		expect(signinLinkState(revoked, contact, NOW + SIGNIN_LINK_TTL_MS)).toBe('revoked');
		const disabled = { ...contact, disabledAt: '2026-05-13T08:00:00.000Z' };
		expect(signinLinkState(link, disabled, NOW)).toBe('inactive');
	});

	it('never signs in a staff account, and knows no link without its record', () => {
		expect(signinLinkState(link, { role: 'admin', disabledAt: null }, NOW)).toBe('unknown');
		expect(signinLinkState(link, { role: 'collaborator', disabledAt: null }, NOW)).toBe('unknown');
		expect(signinLinkState(null, contact, NOW)).toBe('unknown');
		expect(signinLinkState(link, null, NOW)).toBe('unknown');
	});

	it('has a French message with a way forward for every state but valid', () => {
		for (const message of Object.values(SIGNIN_LINK_MESSAGES)) {
			expect(message).toMatch(/connectez-vous|contactez/i);
		}
	});
});
