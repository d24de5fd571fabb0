/** Longest file name kept, in characters (most file systems stop at 255 bytes). */
const FILE_NAME_MAX = 120;

const FALLBACK = 'document';

/**
 * The name a deposited file is shown and filed under: the user's own name for it, minus anything
 * that could act as a path or fool a reader (separators, control and bidirectional characters,
 * leading dots), cut to {@link FILE_NAME_MAX} characters with its extension kept. The bytes are
 * stored under a server-made name; this one is only ever displayed or offered as a download name.
 */
export function sanitizeFileName(raw: string): string {
	const cleaned = raw
		.normalize('NFC')
		.replace(/[\p{Cc}\p{Cf}]/gu, '')
		.replace(/[/\\:*?"<>|]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^[.\s]+/, '')
		.replace(/[.\s]+$/, '');
	if (!cleaned) return FALLBACK;
	if (cleaned.length <= FILE_NAME_MAX) return cleaned;
	const dot = cleaned.lastIndexOf('.');
	const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
	return cleaned.slice(0, FILE_NAME_MAX - extension.length).trimEnd() + extension;
}

/**
 * Why a file name as sent is refused, or `null`. A browser sends a file's own name, never a path:
 * a name with a separator or a `..` was made by hand to reach another folder.
 */
export function fileNameProblem(raw: string): string | null {
	if (/[/\\]/.test(raw) || raw.split(/[/\\]/).includes('..')) {
		return 'Nom de fichier invalide : il ne doit pas contenir de chemin.';
	}
	return null;
}
