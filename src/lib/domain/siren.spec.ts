import { describe, expect, it } from 'vitest';
import { checkSiren, formatSiren, passesLuhn, sirenOf } from './siren.ts';

describe('checkSiren', () => {
	it('accepts a real SIREN and SIRET, however they are spaced', () => {
		// INSEE's own identifiers.
		expect(checkSiren('130 005 481')).toEqual({ ok: true, value: '130005481' });
		expect(checkSiren('130.005.481.00010')).toEqual({ ok: true, value: '13000548100010' });
	});

	it('treats blank as none', () => {
		expect(checkSiren('  ')).toEqual({ ok: true, value: null });
		expect(checkSiren(undefined)).toEqual({ ok: true, value: null });
	});

	it('refuses a wrong check digit, naming which identifier', () => {
		expect(checkSiren('130005482')).toEqual({
			ok: false,
			error: 'SIREN invalide (clé de contrôle erronée).'
		});
		expect(checkSiren('13000548100011')).toEqual({
			ok: false,
			error: 'SIRET invalide (clé de contrôle erronée).'
		});
	});

	it('refuses a SIRET whose SIREN part is wrong even when the 14 digits pass', () => {
		// 14 digits passing Luhn, built on a SIREN that does not.
		const bad = '12345678' + '0' + '00000';
		const fixed = [...Array(10).keys()]
			.map((d) => bad.slice(0, 13) + d)
			.find((candidate) => passesLuhn(candidate));
		expect(fixed).toBeDefined();
		expect(passesLuhn(fixed!.slice(0, 9))).toBe(false);
		expect(checkSiren(fixed).ok).toBe(false);
	});

	it('refuses other lengths and letters', () => {
		expect(checkSiren('12345678')).toEqual({
			ok: false,
			error: 'Le SIREN compte 9 chiffres, le SIRET 14.'
		});
		expect(checkSiren('13000548A').ok).toBe(false);
		expect(checkSiren(42).ok).toBe(false);
	});

	it('checks La Poste establishments by their digit sum', () => {
		expect(checkSiren('35600000000048').ok).toBe(true); // its head office, Luhn-valid
		expect(checkSiren('35600000000010').ok).toBe(true); // fails Luhn, digits add up to 15
		expect(checkSiren('35600000000011').ok).toBe(false);
		expect(checkSiren('13000548100013').ok).toBe(false); // digits add up to 25: La Poste's rule alone
	});
});

describe('formatting', () => {
	it('groups digits as INSEE prints them', () => {
		expect(formatSiren('130005481')).toBe('130 005 481');
		expect(formatSiren('13000548100010')).toBe('130 005 481 00010');
		expect(sirenOf('13000548100010')).toBe('130005481');
	});
});
