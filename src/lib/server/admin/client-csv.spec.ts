import { describe, expect, it } from 'vitest';
import { readCsv } from './client-csv.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readCsv', () => {
	it('reads Excel’s French CSV: semicolons, Windows-1252, CRLF, quoted line breaks', () => {
		const latin1 = Uint8Array.from(
			'Raison sociale;Clôture\r\n"Café\r\ndu Port";30/06\r\n\r\nÉpicerie;31/12\r\n',
			(c) => c.charCodeAt(0)
		);
		expect(readCsv(latin1)).toEqual({
			ok: true,
			records: [
				{ line: 1, cells: ['Raison sociale', 'Clôture'] },
				{ line: 2, cells: ['Café\ndu Port', '30/06'] },
				{ line: 5, cells: ['Épicerie', '31/12'] }
			]
		});
	});

	it('reads UTF-8 with a BOM and commas, rows of any width', () => {
		expect(readCsv(bytes('\uFEFFnom,siren\nAlter Ce\n'))).toEqual({
			ok: true,
			records: [
				{ line: 1, cells: ['nom', 'siren'] },
				{ line: 2, cells: ['Alter Ce'] }
			]
		});
	});

	it('says which line breaks the quoting, and refuses empty or huge files', () => {
		expect(readCsv(bytes('nom;siren\n"Alter;1\n'))).toMatchObject({ ok: false });
		expect(readCsv(new Uint8Array())).toEqual({ ok: false, error: 'Le fichier est vide.' });
		expect(readCsv(new Uint8Array(512 * 1024 + 1))).toMatchObject({ ok: false });
	});
});
