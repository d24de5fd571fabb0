import { describe, expect, it } from 'vitest';
import { fileNameProblem, sanitizeFileName } from './file-names.ts';

describe('sanitizeFileName', () => {
	it('keeps an ordinary French name as it is', () => {
		expect(sanitizeFileName('Relevé bancaire avril.pdf')).toBe('Relevé bancaire avril.pdf');
	});

	it('removes path separators, so a name never climbs out of its folder', () => {
		expect(sanitizeFileName('../../etc/passwd')).toBe('etc passwd');
		expect(sanitizeFileName('..\\..\\boot.ini')).toBe('boot.ini');
		expect(sanitizeFileName('C:\\Users\\x\\facture.pdf')).toBe('C Users x facture.pdf');
	});

	it('removes control and bidirectional characters', () => {
		expect(sanitizeFileName('fac\u0000ture\n.pdf')).toBe('facture.pdf');
		// U+202E would display "facture‮fdp.exe" as "facture exe.pdf".
		expect(sanitizeFileName('facture\u202Efdp.exe')).toBe('facturefdp.exe');
	});

	it('never returns a hidden or empty name', () => {
		expect(sanitizeFileName('.htaccess')).toBe('htaccess');
		expect(sanitizeFileName('  ..  ')).toBe('document');
		expect(sanitizeFileName('')).toBe('document');
	});

	it('cuts long names but keeps the extension', () => {
		const name = sanitizeFileName('a'.repeat(300) + '.pdf');
		expect(name).toHaveLength(120);
		expect(name.endsWith('.pdf')).toBe(true);
	});
});

describe('fileNameProblem', () => {
	it('refuses a name that carries a path', () => {
		expect(fileNameProblem('../../etc/passwd')).toMatch(/chemin/);
		expect(fileNameProblem('..\\boot.ini')).toMatch(/chemin/);
		expect(fileNameProblem('dossier/facture.pdf')).toMatch(/chemin/);
	});

	it('accepts an ordinary name, dots included', () => {
		expect(fileNameProblem('Relevé bancaire avril.pdf')).toBeNull();
		expect(fileNameProblem('v1.2..final.pdf')).toBeNull();
	});
});
