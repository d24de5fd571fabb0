import { describe, expect, it } from 'vitest';
import {
	checkClosingDate,
	checkVatRegime,
	findDuplicate,
	formatClosingDate,
	validateClient
} from './clients.ts';

describe('checkClosingDate', () => {
	it('reads day/month, with or without a year, and stores MM-DD', () => {
		expect(checkClosingDate('31/12')).toEqual({ ok: true, value: '12-31' });
		expect(checkClosingDate(' 30.6 ')).toEqual({ ok: true, value: '06-30' });
		expect(checkClosingDate('31/03/2025')).toEqual({ ok: true, value: '03-31' });
		expect(formatClosingDate('06-30')).toBe('30/06');
	});

	it('refuses days that no month has, and the 29th of February', () => {
		for (const bad of ['31/06', '00/12', '12/13', '29/02', 'fin juin', '']) {
			expect(checkClosingDate(bad).ok, bad).toBe(false);
		}
		expect(checkClosingDate('28/02').ok).toBe(true);
	});
});

describe('checkVatRegime', () => {
	it('reads the four regimes and the names accountants give them', () => {
		expect(checkVatRegime('Trimestriel')).toEqual({ ok: true, value: 'trimestriel' });
		expect(checkVatRegime('Réel simplifié')).toEqual({ ok: true, value: 'annuel' });
		expect(checkVatRegime('Franchise en base de TVA')).toEqual({ ok: true, value: 'franchise' });
		expect(checkVatRegime('bimestriel').ok).toBe(false);
	});
});

describe('validateClient', () => {
	const staff = new Set(['claire']);

	it('normalises a complete form', () => {
		expect(
			validateClient(
				{
					name: ' Boulangerie Neuve ',
					siren: '130 005 481',
					closingDate: '30/06',
					vatRegime: 'mensuel',
					managerId: 'claire'
				},
				staff
			)
		).toEqual({
			ok: true,
			value: {
				name: 'Boulangerie Neuve',
				siren: '130005481',
				closingDate: '06-30',
				vatRegime: 'mensuel',
				managerId: 'claire'
			}
		});
	});

	it('takes a client’s own CA3 day, blank for the firm’s, and leaves it out when not asked', () => {
		const form = {
			name: 'Boulangerie Neuve',
			closingDate: '31/12',
			vatRegime: 'mensuel',
			managerId: 'claire'
		};
		const day = (raw: unknown) => {
			const result = validateClient({ ...form, vatDueDay: raw }, staff);
			return result.ok ? result.value.vatDueDay : result.errors.vatDueDay;
		};
		expect(day('24')).toBe(24);
		expect(day('')).toBeNull();
		expect(day('29')).toBe('Le jour d’échéance doit être un nombre entier entre 1 et 28.');
		const absent = validateClient(form, staff);
		expect(absent.ok && 'vatDueDay' in absent.value).toBe(false);
	});

	it('reports every field at once, and refuses someone outside the staff', () => {
		const result = validateClient(
			{ name: '', siren: '123', closingDate: '31/02', vatRegime: 'x', managerId: 'sophie' },
			staff
		);
		expect(result.ok).toBe(false);
		expect(Object.keys(result.ok ? {} : result.errors).sort()).toEqual([
			'closingDate',
			'managerId',
			'name',
			'siren',
			'vatRegime'
		]);
	});
});

describe('findDuplicate', () => {
	const existing = [
		{ id: 'a', name: 'Alter Ce', siren: '130005481', archivedAt: null },
		{ id: 'b', name: 'Dupont Maçonnerie', siren: null, archivedAt: '2026-01-01T00:00:00Z' }
	];

	it('finds the same company through a SIRET of it', () => {
		expect(findDuplicate({ name: 'Autre', siren: '13000548100010' }, existing)).toMatchObject({
			field: 'siren',
			message: 'Ce SIREN est déjà celui de Alter Ce.'
		});
	});

	it('finds the same name whatever the accents, case and punctuation, archived or not', () => {
		expect(findDuplicate({ name: 'DUPONT-MACONNERIE', siren: null }, existing)).toMatchObject({
			field: 'name',
			message: 'Un client porte déjà ce nom : Dupont Maçonnerie (archivé).'
		});
	});

	it('ignores the client being edited', () => {
		expect(findDuplicate({ name: 'Alter Ce', siren: '130005481' }, existing, 'a')).toBeNull();
	});
});
