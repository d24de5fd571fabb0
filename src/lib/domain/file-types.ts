/**
 * What a firm accepts in its GED (issue 6): documents and images identified by their content, and
 * the plain-text formats banks export, identified by parsing. Anything else is refused, whatever
 * its name or declared type says.
 */
export const ACCEPTED_KINDS = {
	pdf: { mime: 'application/pdf', label: 'PDF', extensions: ['pdf'] },
	jpg: { mime: 'image/jpeg', label: 'image JPEG', extensions: ['jpg', 'jpeg'] },
	png: { mime: 'image/png', label: 'image PNG', extensions: ['png'] },
	heic: { mime: 'image/heic', label: 'photo HEIC', extensions: ['heic', 'heif'] },
	webp: { mime: 'image/webp', label: 'image WebP', extensions: ['webp'] },
	tif: { mime: 'image/tiff', label: 'image TIFF', extensions: ['tif', 'tiff'] },
	docx: {
		mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		label: 'document Word',
		extensions: ['docx']
	},
	xlsx: {
		mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		label: 'classeur Excel',
		extensions: ['xlsx']
	},
	odt: { mime: 'application/vnd.oasis.opendocument.text', label: 'texte ODT', extensions: ['odt'] },
	ods: {
		mime: 'application/vnd.oasis.opendocument.spreadsheet',
		label: 'classeur ODS',
		extensions: ['ods']
	},
	csv: { mime: 'text/csv', label: 'fichier CSV', extensions: ['csv', 'txt'] },
	ofx: { mime: 'application/x-ofx', label: 'relevé OFX', extensions: ['ofx', 'qfx'] },
	cfonb: { mime: 'text/x-cfonb', label: 'relevé CFONB', extensions: ['cfonb', 'txt', 'dat'] }
} as const;

export type AcceptedKind = keyof typeof ACCEPTED_KINDS;

/** Kinds stored as ZIP archives, whose content must be checked before it is accepted. */
export const ZIP_KINDS: ReadonlySet<AcceptedKind> = new Set(['docx', 'xlsx', 'odt', 'ods']);

/** Kinds an inline preview may show (in a sandboxed frame). */
export const PREVIEWABLE: ReadonlySet<string> = new Set([
	ACCEPTED_KINDS.pdf.mime,
	ACCEPTED_KINDS.jpg.mime,
	ACCEPTED_KINDS.png.mime,
	ACCEPTED_KINDS.webp.mime
]);

export function isAcceptedKind(value: string): value is AcceptedKind {
	return Object.hasOwn(ACCEPTED_KINDS, value);
}

/** The kind whose MIME type this is, if any. */
function kindOfMime(mime: string): AcceptedKind | null {
	for (const [kind, spec] of Object.entries(ACCEPTED_KINDS)) {
		if (spec.mime === mime) return kind as AcceptedKind;
	}
	return null;
}

/**
 * `name` with an extension that matches what the content is: the name a user gave is kept, but a
 * PNG named `scan.jpg` is filed as `scan.png`, so that nothing opens a file as what it is not.
 */
export function nameForKind(name: string, kind: AcceptedKind): string {
	const { extensions } = ACCEPTED_KINDS[kind];
	const dot = name.lastIndexOf('.');
	const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
	if ((extensions as readonly string[]).includes(extension)) return name;
	const base = dot > 0 ? name.slice(0, dot) : name;
	return `${base}.${extensions[0]}`;
}

/** Markup a browser would run if it ever rendered the file as a page. */
const ACTIVE_MARKUP = /<\s*(script|html|body|iframe|svg|object|embed|meta)\b|<!doctype\s+html/i;

export function hasActiveMarkup(text: string): boolean {
	return ACTIVE_MARKUP.test(text);
}

/**
 * A CFONB 120 bank statement: records of exactly 120 characters, each starting with its record
 * code — 01 (old balance), 04 (movement), 05 (movement detail), 07 (new balance) — opening with a
 * 01 and closing with a 07.
 */
export function isCfonbStatement(text: string): boolean {
	const lines = text.split(/\r?\n/);
	while (lines.length && lines[lines.length - 1] === '') lines.pop();
	if (lines.length < 2) return false;
	const codes = lines.map((line) => (line.length === 120 ? line.slice(0, 2) : null));
	if (codes.some((code) => code === null || !['01', '04', '05', '07'].includes(code))) {
		return false;
	}
	return codes[0] === '01' && codes[codes.length - 1] === '07';
}

/**
 * An OFX statement, in either of its two forms: OFX 1 (an `OFXHEADER:100` header, then SGML) or
 * OFX 2 (XML with an `<?OFX …?>` processing instruction). Either way the body is an `<OFX>`
 * element holding a bank or card statement response.
 */
export function isOfxStatement(text: string): boolean {
	const head = text.slice(0, 1024).trimStart();
	const sgml = /^OFXHEADER:\s*100\b/.test(head);
	const xml = /^<\?xml[^>]*\?>\s*<\?OFX\b/i.test(head);
	if (!sgml && !xml) return false;
	const body = text.slice(text.search(/<OFX>/i));
	return (
		/^<OFX>/i.test(body) &&
		/<(BANKMSGSRSV1|CREDITCARDMSGSRSV1)>/i.test(body) &&
		/<\/OFX>\s*$/i.test(body)
	);
}

/** The families the GED filters by. */
export const KIND_GROUPS = {
	pdf: 'PDF',
	image: 'Images',
	office: 'Bureautique',
	bank: 'Relevés bancaires'
} as const;

export type KindGroup = keyof typeof KIND_GROUPS;

/** The family of a stored file's MIME type (`null` for a type the GED does not know). */
export function kindGroupOf(mime: string): KindGroup | null {
	const kind = kindOfMime(mime);
	if (!kind) return null;
	if (kind === 'pdf') return 'pdf';
	if (ZIP_KINDS.has(kind)) return 'office';
	if (kind === 'csv' || kind === 'ofx' || kind === 'cfonb') return 'bank';
	return 'image';
}
