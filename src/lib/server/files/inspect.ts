import { parse as parseCsv } from 'csv-parse/sync';
import { decodeText } from './decode-text.ts';
import { fileTypeFromFile } from 'file-type';
import { open, readFile } from 'node:fs/promises';
import yauzl from 'yauzl';
import {
	ACCEPTED_KINDS,
	hasActiveMarkup,
	isAcceptedKind,
	isCfonbStatement,
	isOfxStatement,
	ZIP_KINDS,
	type AcceptedKind
} from '../../domain/file-types.ts';
import { UploadError } from './upload-error.ts';

/** Bank exports are small; a text file past this is not one, and is not read into memory. */
const TEXT_MAX_BYTES = 10 * 1024 * 1024;
/** An office document unpacks to this at most (a zip bomb claims far more). */
const UNZIPPED_MAX_BYTES = 200 * 1024 * 1024;
const ZIP_ENTRIES_MAX = 5000;
/** Deflate reaches about 1:1000 at best; real documents stay far below this. */
const ZIP_RATIO_MAX = 100;

const ACCEPTED_LIST =
	'PDF, images (JPEG, PNG, HEIC, WebP, TIFF), Word, Excel, OpenDocument, relevés CSV, OFX ou CFONB';

export interface Inspection {
	kind: AcceptedKind;
	mime: string;
}

/**
 * What a received file really is, from its content alone (magic bytes through `file-type`, and
 * parsing for the bank formats), or an {@link UploadError} with a French reason when it is not
 * something the GED accepts. Reads a bounded part of the file: the head and tail, a ZIP's central
 * directory, or a text file of at most {@link TEXT_MAX_BYTES}.
 */
export async function inspectFile(path: string, size: number): Promise<Inspection> {
	if (size === 0) throw refused('Le fichier est vide.');
	const detected = await fileTypeFromFile(path);
	if (!detected) return inspectText(path, size);
	const kind = detected.ext;
	if (!isAcceptedKind(kind) || kind === 'csv' || kind === 'ofx' || kind === 'cfonb') {
		throw refused(
			`Ce type de fichier n’est pas accepté (${detected.ext}). Formats acceptés : ${ACCEPTED_LIST}.`
		);
	}
	if (ZIP_KINDS.has(kind)) await checkArchive(path);
	else await checkNotComposite(path, size);
	return { kind, mime: ACCEPTED_KINDS[kind].mime };
}

function refused(message: string): UploadError {
	return new UploadError(415, message);
}

/**
 * A document or image that is also something else (a ZIP appended to a PDF, a page hidden in an
 * image's first bytes) could be opened as that other thing by some program: refused.
 */
async function checkNotComposite(path: string, size: number): Promise<void> {
	const file = await open(path, 'r');
	try {
		const head = Buffer.alloc(Math.min(size, 1024));
		await file.read(head, 0, head.length, 0);
		const tailLength = Math.min(size, 64 * 1024);
		const tail = Buffer.alloc(tailLength);
		await file.read(tail, 0, tailLength, size - tailLength);
		const endOfZip = tail.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
		if (endOfZip || hasActiveMarkup(head.toString('latin1'))) {
			throw refused('Ce fichier mélange plusieurs formats (fichier composite) : il est refusé.');
		}
	} finally {
		await file.close();
	}
}

/** An office document's archive: its declared contents must stay within sane bounds. */
async function checkArchive(path: string): Promise<void> {
	const bomb = refused('Cette archive se décompresse en un volume anormal : elle est refusée.');
	const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
		yauzl.open(path, { lazyEntries: true, autoClose: true }, (error, file) =>
			error || !file ? reject(refused('Document bureautique illisible.')) : resolve(file)
		)
	);
	if (zip.entryCount > ZIP_ENTRIES_MAX) {
		zip.close();
		throw bomb;
	}
	await new Promise<void>((resolve, reject) => {
		let unzipped = 0;
		zip.on('entry', (entry: yauzl.Entry) => {
			unzipped += entry.uncompressedSize;
			const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
			if (
				unzipped > UNZIPPED_MAX_BYTES ||
				(entry.uncompressedSize > 1024 * 1024 && ratio > ZIP_RATIO_MAX)
			) {
				zip.close();
				return reject(bomb);
			}
			if (
				/(^|\/)vbaProject\.bin$/i.test(entry.fileName) ||
				(entry.generalPurposeBitFlag & 1) !== 0
			) {
				zip.close();
				return reject(refused('Document avec macros ou chiffré : il est refusé.'));
			}
			zip.readEntry();
		});
		zip.on('end', resolve);
		zip.on('error', () => reject(refused('Document bureautique illisible.')));
		zip.readEntry();
	});
}

/** No magic number: only a bank export, recognised by parsing it, is accepted. */
async function inspectText(path: string, size: number): Promise<Inspection> {
	const unknown = refused(`Type de fichier non reconnu. Formats acceptés : ${ACCEPTED_LIST}.`);
	if (size > TEXT_MAX_BYTES) throw unknown;
	const bytes = await readFile(path);
	if (bytes.includes(0)) throw unknown;
	const text = decodeText(bytes);
	if (hasActiveMarkup(text)) {
		throw refused('Ce fichier contient du code de page web (HTML) : il est refusé.');
	}
	if (isOfxStatement(text)) return { kind: 'ofx', mime: ACCEPTED_KINDS.ofx.mime };
	if (isCfonbStatement(text)) return { kind: 'cfonb', mime: ACCEPTED_KINDS.cfonb.mime };
	if (isCsvTable(text)) return { kind: 'csv', mime: ACCEPTED_KINDS.csv.mime };
	throw unknown;
}

/**
 * A table of at least two rows and two columns, every row as wide as the first, with `;`, `,` or
 * tabs: a sentence with a comma in it is not a table.
 */
function isCsvTable(text: string): boolean {
	for (const delimiter of [';', ',', '\t']) {
		try {
			const rows = parseCsv(text, { delimiter, bom: true, skip_empty_lines: true }) as string[][];
			if (rows.length >= 2 && (rows[0]?.length ?? 0) >= 2) return true;
		} catch {
			// Rows of different widths, or broken quoting, with this delimiter: try the next.
		}
	}
	return false;
}
