import { describe, expect, it } from 'vitest';
import { foldText, processTerm, searchTerms, tokenize } from './normalize.ts';

describe('foldText', () => {
	it('folds case, accents, cedillas and ligatures', () => {
		expect(foldText('Prévisionnel')).toBe('previsionnel');
		expect(foldText('PRÉVISIONNEL')).toBe('previsionnel');
		expect(foldText('Maçonnerie')).toBe('maconnerie');
		expect(foldText('Œuvre Cæcum Noël')).toBe('oeuvre caecum noel');
	});

	it('unfolds the compatibility forms of text pasted from PDFs', () => {
		expect(foldText('ﬁscal')).toBe('fiscal');
		expect(foldText('1ᵉʳ')).toBe('1er');
	});
});

describe('tokenize', () => {
	it('splits on whitespace and punctuation, and keeps digits', () => {
		expect(tokenize('TVA 04/2019 — relevé')).toEqual(['TVA', '04', '2019', 'relevé']);
		expect(tokenize('2019-04')).toEqual(['2019', '04']);
		expect(tokenize("l’entreprise d'Éloi, S.A.R.L.")).toEqual([
			'l',
			'entreprise',
			'd',
			'Éloi',
			'S',
			'A',
			'R',
			'L'
		]);
		expect(tokenize('  — ')).toEqual([]);
	});
});

describe('processTerm and searchTerms', () => {
	it('drops lone characters and keeps anything longer', () => {
		expect(processTerm('l')).toBeNull();
		expect(processTerm('À')).toBeNull();
		expect(processTerm('3')).toBeNull();
		expect(processTerm('04')).toBe('04');
		expect(processTerm('T1')).toBe('t1');
		expect(processTerm('TVA')).toBe('tva');
		expect(processTerm('œ')).toBe('oe');
	});

	it('gives the words a query looks up', () => {
		expect(searchTerms('TVA 2019-04')).toEqual(['tva', '2019', '04']);
		expect(searchTerms('l’Été')).toEqual(['ete']);
		expect(searchTerms('p')).toEqual([]);
		expect(searchTerms('TVA 2')).toEqual(['tva']);
	});
});
