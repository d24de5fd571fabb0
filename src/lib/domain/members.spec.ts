import { describe, expect, it } from 'vitest';
import { linkActionLabel, memberStatusLabel, type MemberRow } from './members.ts';

const member = (patch: Partial<MemberRow>): MemberRow => ({
	id: 'u',
	name: 'Léa',
	email: 'lea@example.fr',
	role: 'client',
	status: 'invité',
	lastLoginAt: null,
	invitationExpiresAt: null,
	signinLinkExpiresAt: null,
	...patch
});

describe('member labels', () => {
	it('says when an active member last signed in (Paris time)', () => {
		const active = member({ status: 'actif', lastLoginAt: '2026-11-28T09:05:00.000Z' });
		expect(memberStatusLabel(active)).toBe('actif (dernière connexion le 28/11/2026 10:05)');
		expect(linkActionLabel(active)).toBe('Réinitialiser le mot de passe');
	});

	it('says whether an invitation is pending, and offers to send one again', () => {
		expect(memberStatusLabel(member({}))).toBe('invité (aucun lien en cours)');
		expect(linkActionLabel(member({}))).toBe('Inviter');
		const pending = member({ invitationExpiresAt: '2026-12-05T17:00:00.000Z' });
		expect(memberStatusLabel(pending)).toBe('invité (lien valable jusqu’au 05/12/2026 18:00)');
		expect(linkActionLabel(pending)).toBe('Renvoyer l’invitation');
		expect(memberStatusLabel(member({ status: 'désactivé' }))).toBe('désactivé');
	});
});
