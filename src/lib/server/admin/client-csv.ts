import { CsvError, parse } from 'csv-parse/sync';
// The typings give `string[][]` whatever the options; with `info: true` records come wrapped.
type InfoRecord = { record: string[]; info: { lines: number } };
import { FILE_TOO_LARGE, MAX_IMPORT_BYTES, type CsvRecord } from '../../domain/client-import.ts';
import { decodeText } from '../files/decode-text.ts';

export type CsvRead = { ok: true; records: CsvRecord[] } | { ok: false; error: string };

/**
 * Reads a spreadsheet export into records with their line numbers: UTF-8 or Windows-1252 (Excel's
 * French CSV), with or without a BOM, separated by whichever of `;`, `,` or tab the header line
 * uses most (Excel writes `;` in France, most tools `,`).
 */
export function readCsv(bytes: Uint8Array): CsvRead {
	if (bytes.byteLength === 0) return { ok: false, error: 'Le fichier est vide.' };
	if (bytes.byteLength > MAX_IMPORT_BYTES) return { ok: false, error: FILE_TOO_LARGE };
	// One line-break convention, so that csv-parse counts lines right (it counts a quoted CRLF twice).
	const text = decodeText(bytes).replace(/\r\n?/g, '\n');
	try {
		const rows = parse(text, {
			delimiter: delimiterOf(text),
			bom: true,
			info: true,
			relax_column_count: true,
			skip_empty_lines: true
		}) as unknown as InfoRecord[];
		return {
			ok: true,
			// `info.lines` is where the record ends; a quoted cell may have spanned lines.
			records: rows.map(({ record, info }) => ({
				line: info.lines - record.reduce((n, cell) => n + cell.split('\n').length - 1, 0),
				cells: record
			}))
		};
	} catch (error) {
		if (!(error instanceof CsvError)) throw error;
		const line = (error as CsvError & { lines?: number }).lines;
		return {
			ok: false,
			error: `Fichier CSV illisible${line ? ` (ligne ${line})` : ''} : vérifiez les guillemets.`
		};
	}
}

function delimiterOf(text: string): string {
	const header = text.slice(0, text.search(/\n|$/));
	const counts = [';', ',', '\t'].map((d) => [d, header.split(d).length] as const);
	return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}
