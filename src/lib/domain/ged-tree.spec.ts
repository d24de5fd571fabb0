import { describe, expect, it } from 'vitest';
import { buildGedTree, folderOf, isWithin, moveTarget } from './ged-tree.ts';

describe('buildGedTree', () => {
	it('nests folders, counts files at or below each, newest year first', () => {
		const tree = buildGedTree([
			'Alter Ce/2019/TVA/2019-04/releve.pdf',
			'Alter Ce/2019/TVA/2019-04/factures.pdf',
			'Alter Ce/2020/Bilan/grand-livre.xlsx',
			'Dupont Maçonnerie/2019/Divers/x.pdf'
		]);
		expect(tree.count).toBe(4);
		expect(tree.folders.map((f) => f.name)).toEqual(['Alter Ce', 'Dupont Maçonnerie']);
		const alter = tree.folders[0]!;
		expect(alter.count).toBe(3);
		expect(alter.folders.map((f) => f.name)).toEqual(['2020', '2019']);
		expect(alter.folders[1]!.folders[0]!.folders[0]).toMatchObject({
			name: '2019-04',
			path: 'Alter Ce/2019/TVA/2019-04',
			count: 2
		});
	});
});

describe('paths', () => {
	it('splits a path and tells what lies within a folder', () => {
		expect(folderOf('Alter Ce/2019/x.pdf')).toBe('Alter Ce/2019');
		expect(isWithin('Alter Ce/2019/x.pdf', 'Alter Ce')).toBe(true);
		expect(isWithin('Alter Cella/2019/x.pdf', 'Alter Ce')).toBe(false);
		expect(isWithin('Alter Ce/2019/x.pdf', '')).toBe(true);
	});
});

describe('moveTarget', () => {
	it('cleans what the user typed into a path under the same client', () => {
		expect(moveTarget(' Alter Ce / 2018 /TVA/ ', 'releve.pdf', 'Alter Ce')).toEqual({
			ok: true,
			gedPath: 'Alter Ce/2018/TVA/releve.pdf'
		});
	});

	it('refuses an empty folder, another client, and too deep a folder', () => {
		expect(moveTarget(' / ', 'x.pdf', 'Alter Ce')).toMatchObject({ ok: false });
		expect(moveTarget('Dupont/2019', 'x.pdf', 'Alter Ce')).toMatchObject({
			ok: false,
			error: 'Le dossier doit rester dans celui du client (Alter Ce).'
		});
		expect(moveTarget('Alter Ce/a/b/c/d/e/f', 'x.pdf', 'Alter Ce')).toMatchObject({ ok: false });
		expect(moveTarget('Alter Ce/../..', 'x.pdf', 'Alter Ce')).toEqual({
			ok: false,
			error: 'Nom de dossier invalide.'
		});
	});
});
