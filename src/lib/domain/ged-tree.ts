import { sanitizeFileName } from './file-names.ts';

/** A folder of the GED as the tree shows it: its path, and how many files lie at or below it. */
export interface GedFolder {
	name: string;
	/** `Alter Ce/2019/TVA`, without a trailing slash; `''` for the root. */
	path: string;
	count: number;
	folders: GedFolder[];
}

/** Deepest folder a document may be moved to (client / year / category / period / one more). */
const GED_DEPTH_MAX = 6;

/** The folder part of a GED path: everything before the file's name. */
export function folderOf(gedPath: string): string {
	const slash = gedPath.lastIndexOf('/');
	return slash < 0 ? '' : gedPath.slice(0, slash);
}

/** True when `gedPath` lies in `folder` or below it (`''` holds everything). */
export function isWithin(gedPath: string, folder: string): boolean {
	return folder === '' || gedPath.startsWith(`${folder}/`);
}

/**
 * The folder tree of the given GED paths, folders sorted by name (years newest first, as an
 * accountant looks for the current year first).
 */
export function buildGedTree(paths: Iterable<string>): GedFolder {
	const root: GedFolder = { name: '', path: '', count: 0, folders: [] };
	for (const path of paths) {
		root.count++;
		let folder = root;
		for (const name of folderOf(path).split('/').filter(Boolean)) {
			const childPath = folder.path ? `${folder.path}/${name}` : name;
			let child = folder.folders.find((f) => f.name === name);
			if (!child) {
				child = { name, path: childPath, count: 0, folders: [] };
				folder.folders.push(child);
			}
			child.count++;
			folder = child;
		}
	}
	sortTree(root);
	return root;
}

function sortTree(folder: GedFolder): void {
	folder.folders.sort((a, b) =>
		/^\d{4}$/.test(a.name) && /^\d{4}$/.test(b.name)
			? b.name.localeCompare(a.name)
			: a.name.localeCompare(b.name, 'fr')
	);
	for (const child of folder.folders) sortTree(child);
}

/**
 * The GED path of a file moved to `folder` as a user typed it (« Alter Ce/2019/TVA »), or a French
 * message saying why that folder cannot be: each part is cleaned as a file name is, none is empty,
 * and the first stays the file's client (a document never moves to another client's folders).
 */
export function moveTarget(
	folder: string,
	fileName: string,
	clientFolder: string
): { ok: true; gedPath: string } | { ok: false; error: string } {
	const typed = folder
		.split('/')
		.map((part) => part.trim())
		.filter((part) => part.length > 0);
	if (typed.length === 0) return { ok: false, error: 'Indiquez un dossier.' };
	if (typed.some((part) => /^\.+$/.test(part))) {
		return { ok: false, error: 'Nom de dossier invalide.' };
	}
	const parts = typed.map(sanitizeFileName);
	if (parts.length > GED_DEPTH_MAX) {
		return { ok: false, error: `Un dossier a au plus ${GED_DEPTH_MAX} niveaux.` };
	}
	if (parts[0] !== clientFolder) {
		return { ok: false, error: `Le dossier doit rester dans celui du client (${clientFolder}).` };
	}
	return { ok: true, gedPath: [...parts, fileName].join('/') };
}

/** A file as the firm's GED lists it. */
export interface GedEntry {
	id: string;
	clientId: string;
	clientName: string;
	requestId: string | null;
	name: string;
	size: number;
	mime: string;
	gedPath: string;
	uploadedByName: string;
	createdAt: string;
}
