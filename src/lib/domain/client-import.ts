import {
	checkClientName,
	checkClosingDate,
	checkVatRegime,
	ClientIndex,
	DEFAULT_CLOSING_DATE,
	foldText,
	type ClientFields,
	type ClientIdentity
} from './clients.ts';
import { checkSiren } from './siren.ts';

/** About 5,000 clients; and under the 1 MiB every form body is held to (hooks.server.ts). */
export const MAX_IMPORT_BYTES = 512 * 1024;
export const FILE_TOO_LARGE = 'Fichier trop volumineux (500 Ko au plus).';

/** Past this many clients, a file is refused whole: a firm imports its clients once, in batches. */
const MAX_IMPORT_ROWS = 5000;

/** One record of the file and the line it starts on (a quoted cell may span lines). */
export interface CsvRecord {
	line: number;
	cells: string[];
}

type Column = 'name' | 'siren' | 'closingDate' | 'vatRegime' | 'manager';

/** Headers as firms' tools export them, folded (see `foldText`). */
const HEADERS: Record<string, Column> = {
	'raison sociale': 'name',
	denomination: 'name',
	nom: 'name',
	client: 'name',
	societe: 'name',
	siren: 'siren',
	siret: 'siren',
	'siren siret': 'siren',
	'siren ou siret': 'siren',
	cloture: 'closingDate',
	'date de cloture': 'closingDate',
	'date cloture': 'closingDate',
	'cloture de l exercice': 'closingDate',
	'date de cloture de l exercice': 'closingDate',
	'regime de tva': 'vatRegime',
	'regime tva': 'vatRegime',
	tva: 'vatRegime',
	collaborateur: 'manager',
	'collaborateur en charge': 'manager',
	responsable: 'manager',
	gestionnaire: 'manager'
};

export interface ImportRow {
	line: number;
	/** The row as read, for the preview. */
	name: string;
	/** Set when the row can be imported. */
	client: ClientFields | null;
	errors: string[];
}

export type ImportPreview =
	{ ok: false; error: string } | { ok: true; rows: ImportRow[]; ready: ClientFields[] };

export interface ImportContext {
	existing: Iterable<ClientIdentity>;
	/** Active staff who may be in charge of a client, matched by name or e-mail. */
	staff: { id: string; name: string; email: string }[];
	/** In charge when the file does not say: the person importing. */
	defaultManagerId: string;
}

/**
 * Reads parsed CSV records (the first one the header) into clients, row by row, without writing
 * anything: each row is either ready or carries every reason it is not. A duplicate is one of an
 * existing client or of an earlier row of the same file.
 */
export function previewImport(records: CsvRecord[], context: ImportContext): ImportPreview {
	const [header, ...body] = records;
	if (!header) return { ok: false, error: 'Le fichier est vide.' };
	const columns = new Map<Column, number>();
	header.cells.forEach((cell, index) => {
		const column = HEADERS[foldText(cell)];
		if (column && !columns.has(column)) columns.set(column, index);
	});
	if (!columns.has('name')) {
		return {
			ok: false,
			error: 'Colonne « Raison sociale » introuvable sur la première ligne du fichier.'
		};
	}
	const rows = body.filter((record) => record.cells.some((cell) => cell.trim() !== ''));
	if (rows.length === 0) return { ok: false, error: 'Le fichier ne contient aucun client.' };
	if (rows.length > MAX_IMPORT_ROWS) {
		return { ok: false, error: `Au plus ${MAX_IMPORT_ROWS} clients par fichier.` };
	}
	const known = new ClientIndex(context.existing);
	const staff = new Map<string, string>();
	for (const person of context.staff) {
		staff.set(foldText(person.name), person.id);
		staff.set(person.email.toLowerCase(), person.id);
	}
	const result: ImportRow[] = rows.map((record) => {
		const cell = (column: Column) => {
			const index = columns.get(column);
			return index === undefined ? '' : (record.cells[index] ?? '').trim();
		};
		const row = readRow(cell, staff, context.defaultManagerId);
		if (row.client) {
			const duplicate = known.duplicateOf(row.client);
			if (duplicate) {
				row.errors.push(duplicate.message);
				row.client = null;
			} else {
				known.add({ id: `line-${record.line}`, ...row.client });
			}
		}
		return { line: record.line, name: cell('name'), ...row };
	});
	return {
		ok: true,
		rows: result,
		ready: result.flatMap((row) => (row.client ? [row.client] : []))
	};
}

function readRow(
	cell: (column: Column) => string,
	staff: Map<string, string>,
	defaultManagerId: string
): { client: ClientFields | null; errors: string[] } {
	const errors: string[] = [];
	const name = checkClientName(cell('name'));
	const siren = checkSiren(cell('siren'));
	const closingDate = cell('closingDate')
		? checkClosingDate(cell('closingDate'))
		: ({ ok: true, value: DEFAULT_CLOSING_DATE } as const);
	const vatRegime = checkVatRegime(cell('vatRegime'));
	const manager = cell('manager');
	const managerId = manager
		? (staff.get(manager.toLowerCase()) ?? staff.get(foldText(manager)))
		: defaultManagerId;
	for (const check of [name, siren, closingDate, vatRegime])
		if (!check.ok) errors.push(check.error);
	if (!managerId) errors.push(`Collaborateur inconnu : ${manager}.`);
	if (!name.ok || !siren.ok || !closingDate.ok || !vatRegime.ok || !managerId) {
		return { client: null, errors };
	}
	return {
		client: {
			name: name.value,
			siren: siren.value,
			closingDate: closingDate.value,
			vatRegime: vatRegime.value,
			managerId
		},
		errors
	};
}
