import { describe, expect, it } from 'vitest';
import { previewImport, type CsvRecord } from './client-import.ts';

const context = {
	existing: [{ id: 'a', name: 'Alter Ce', siren: '130005481', archivedAt: null }],
	staff: [
		{ id: 'claire', name: 'Claire Martin', email: 'claire@cabinet.fr' },
		{ id: 'paul', name: 'Paul Durand', email: 'paul@cabinet.fr' }
	],
	defaultManagerId: 'claire'
};

function records(...rows: string[][]): CsvRecord[] {
	return rows.map((cells, index) => ({ line: index + 1, cells }));
}

describe('previewImport', () => {
	it('reads good rows, with defaults, and says why each other row fails', () => {
		const preview = previewImport(
			records(
				['Raison sociale', 'SIRET', 'Clôture', 'Régime de TVA', 'Collaborateur'],
				['Boulangerie Neuve', '', '30/06', 'Trimestriel', 'paul@cabinet.fr'],
				['Garage Martin', '123456789', '', 'mensuel', ''],
				['Alter CE', '', '', 'annuel', ''],
				['', '', '', '', ''],
				['Boulangerie neuve', '', '', 'annuel', 'Inconnu'],
				['Ferme Bio', '', '31/12', 'réel simplifié', 'claire martin']
			),
			context
		);
		expect(preview.ok).toBe(true);
		if (!preview.ok) return;
		expect(preview.rows.map((row) => [row.line, row.errors])).toEqual([
			[2, []],
			[3, ['SIREN invalide (clé de contrôle erronée).']],
			[4, ['Un client porte déjà ce nom : Alter Ce.']],
			[6, ['Collaborateur inconnu : Inconnu.']],
			[7, []]
		]);
		expect(preview.ready).toEqual([
			{
				name: 'Boulangerie Neuve',
				siren: null,
				closingDate: '06-30',
				vatRegime: 'trimestriel',
				managerId: 'paul'
			},
			{
				name: 'Ferme Bio',
				siren: null,
				closingDate: '12-31',
				vatRegime: 'annuel',
				managerId: 'claire'
			}
		]);
	});

	it('refuses a duplicate within the file itself', () => {
		const preview = previewImport(
			records(
				['nom', 'siren', 'tva'],
				['Un', '130005481', 'mensuel'],
				['Deux', '732829320', 'mensuel'],
				['Trois', '732 829 320', 'mensuel']
			),
			{ ...context, existing: [] }
		);
		expect(preview.ok && preview.rows.map((row) => row.errors)).toEqual([
			[],
			[],
			['Ce SIREN est déjà celui de Deux.']
		]);
	});

	it('refuses a file without the name column, or without rows', () => {
		expect(previewImport(records(['siren']), context)).toEqual({
			ok: false,
			error: 'Colonne « Raison sociale » introuvable sur la première ligne du fichier.'
		});
		expect(previewImport(records(['Raison sociale'], ['']), context)).toEqual({
			ok: false,
			error: 'Le fichier ne contient aucun client.'
		});
		expect(previewImport([], context)).toEqual({ ok: false, error: 'Le fichier est vide.' });
	});
});
