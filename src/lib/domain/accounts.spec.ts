import { describe, expect, it } from 'vitest';
import { checkEmail, checkNewPassword, validateSetup } from './accounts.ts';

describe('checkEmail', () => {
	it('trims and lower-cases a plausible address', () => {
		expect(checkEmail('  Anne.Neuf@Cabinet-Neuf.FR ')).toEqual({
			ok: true,
			value: 'anne.neuf@cabinet-neuf.fr'
		});
	});

	it('refuses blanks and malformed addresses with French messages', () => {
		expect(checkEmail('')).toEqual({ ok: false, error: 'Saisissez une adresse e-mail.' });
		expect(checkEmail(undefined)).toEqual({ ok: false, error: 'Saisissez une adresse e-mail.' });
		for (const bad of ['anne', 'anne@', '@cabinet.fr', 'anne@cabinet', 'an ne@cabinet.fr']) {
			expect(checkEmail(bad)).toEqual({ ok: false, error: 'Adresse e-mail invalide.' });
		}
	});
});

describe('checkNewPassword', () => {
	it('needs at least ten characters, counted as the user sees them', () => {
		expect(checkNewPassword('court').ok).toBe(false);
		expect(checkNewPassword('dix-caract')).toEqual({ ok: true, value: 'dix-caract' });
		expect(checkNewPassword('').ok).toBe(false);
		expect(checkNewPassword('x'.repeat(2000)).ok).toBe(false);
	});
});

describe('validateSetup', () => {
	it('returns the normalised firm and administrator', () => {
		expect(
			validateSetup({
				firmName: ' Cabinet Neuf ',
				name: 'Anne Neuf',
				email: 'Anne@Cabinet-Neuf.fr',
				password: 'un-mot-de-passe'
			})
		).toEqual({
			ok: true,
			value: {
				firmName: 'Cabinet Neuf',
				name: 'Anne Neuf',
				email: 'anne@cabinet-neuf.fr',
				password: 'un-mot-de-passe'
			}
		});
	});

	it('reports every missing field at once', () => {
		const result = validateSetup({});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(Object.keys(result.errors).sort()).toEqual(['email', 'firmName', 'name', 'password']);
		expect(result.errors.firmName).toBe('Saisissez le nom du cabinet.');
	});
});
