import { describe, expect, it } from 'vitest';
import { filterClients, parseClientFilters } from './client-filters.ts';

const clients = [
	{
		name: 'Alter Ce',
		siren: '130005481',
		managerId: 'claire',
		vatRegime: 'mensuel' as const,
		archivedAt: null
	},
	{
		name: 'Dupont Maçonnerie',
		siren: null,
		managerId: 'paul',
		vatRegime: 'annuel' as const,
		archivedAt: null
	},
	{
		name: 'Ancien Café',
		siren: null,
		managerId: 'paul',
		vatRegime: null,
		archivedAt: '2026-01-01T00:00:00Z'
	}
];

const names = (q: string) =>
	filterClients(clients, parseClientFilters(new URLSearchParams(q))).map((c) => c.name);

describe('client filters', () => {
	it('shows current clients by default and archived ones on demand', () => {
		expect(names('')).toEqual(['Alter Ce', 'Dupont Maçonnerie']);
		expect(names('statut=archives')).toEqual(['Ancien Café']);
	});

	it('searches word starts, accents and case aside, or SIREN digits', () => {
		expect(names('q=macon')).toEqual(['Dupont Maçonnerie']);
		expect(names('q=ter')).toEqual([]);
		expect(names('q=130 005')).toEqual(['Alter Ce']);
	});

	it('combines collaborator and VAT regime, ignoring unknown values', () => {
		expect(names('collaborateur=paul&tva=annuel')).toEqual(['Dupont Maçonnerie']);
		expect(names('tva=bimestriel')).toEqual(['Alter Ce', 'Dupont Maçonnerie']);
	});
});
