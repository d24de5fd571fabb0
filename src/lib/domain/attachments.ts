import { isId } from './ids.ts';
import {
	accept,
	checkText,
	isRecord,
	isTimestamp,
	reject,
	validateAll,
	type FieldCheck,
	type FieldRules,
	type Validation
} from './validation.ts';

/** Longest comment, in characters. */
const COMMENT_MAX = 5000;

/** A message in the thread of an information request, written by staff or by the client. */
export interface Comment {
	id: string;
	authorId: string;
	/** Copied at writing time so the thread reads well offline, without the user directory. */
	authorName: string;
	body: string;
	/** ISO 8601 date-time. */
	at: string;
}

/** A file attached to an information request; the bytes live in the GED, not in the document. */
export interface DocumentRef {
	id: string;
	fileId: string;
	name: string;
	/** Size in bytes. */
	size: number;
	mime: string;
	uploadedBy: string;
	/** ISO 8601 date-time. */
	at: string;
	/** Where the file is filed in the firm's GED. */
	gedPath: string;
}

/** A document reference before it gets its id and date. */
export type DocumentRefInput = Omit<DocumentRef, 'id' | 'at'>;

/** Validates the body of a new comment: trimmed, 1 to {@link COMMENT_MAX} characters. */
export function validateCommentBody(body: unknown): Validation<string> {
	const check = checkText(
		body,
		COMMENT_MAX,
		'Écrivez un message.',
		`Le message ne doit pas dépasser ${COMMENT_MAX} caractères.`
	);
	return check.ok ? { ok: true, value: check.value } : { ok: false, errors: { body: check.error } };
}

function checkSize(raw: unknown): FieldCheck<number> {
	return Number.isSafeInteger(raw) && (raw as number) >= 0
		? accept(raw as number)
		: reject('Taille invalide.');
}

const DOCUMENT_RULES: FieldRules<DocumentRefInput> = {
	fileId: (raw) => (isId(raw) ? accept(raw) : reject('Fichier invalide.')),
	name: (raw) => checkText(raw, 255, 'Nom de fichier invalide.', 'Nom de fichier trop long.'),
	size: checkSize,
	mime: (raw) => checkText(raw, 255, 'Type de fichier invalide.', 'Type de fichier invalide.'),
	uploadedBy: (raw) => (isId(raw) ? accept(raw) : reject('Auteur invalide.')),
	gedPath: (raw) => checkText(raw, 1024, 'Chemin GED invalide.', 'Chemin GED trop long.')
};

/** Validates the metadata of an uploaded file before it is attached to a request. */
export function validateDocumentRef(input: unknown): Validation<DocumentRefInput> {
	return validateAll(input, DOCUMENT_RULES);
}

/** Rebuilds a stored comment as a fresh object, or `null` when it is malformed. */
export function parseComment(value: unknown): Comment | null {
	if (!isRecord(value)) return null;
	const { id, authorId, authorName, body, at } = value;
	if (!isId(id) || !isId(authorId) || !isTimestamp(at)) return null;
	if (typeof authorName !== 'string' || typeof body !== 'string') return null;
	if (!validateCommentBody(body).ok) return null;
	return { id, authorId, authorName, body, at };
}

/** Rebuilds a stored document reference as a fresh object, or `null` when it is malformed. */
export function parseDocumentRef(value: unknown): DocumentRef | null {
	if (!isRecord(value)) return null;
	const { id, at } = value;
	if (!isId(id) || !isTimestamp(at)) return null;
	const fields = validateAll(value, DOCUMENT_RULES);
	return fields.ok ? { id, ...fields.value, at } : null;
}

/** A deposited document with the request it answers, as « Mes documents » lists it. */
export interface DocumentListing {
	document: DocumentRef;
	request: { id: string; title: string };
}

/** Every document of these requests, newest first. */
export function listDocuments(
	requests: readonly { id: string; title: string; documents: readonly DocumentRef[] }[]
): DocumentListing[] {
	return requests
		.flatMap((request) =>
			request.documents.map((document) => ({
				document,
				request: { id: request.id, title: request.title }
			}))
		)
		.sort((a, b) => b.document.at.localeCompare(a.document.at));
}
