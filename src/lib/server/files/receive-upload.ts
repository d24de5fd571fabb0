import busboy from 'busboy';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { fileNameProblem } from '../../domain/file-names.ts';
import { isId } from '../../domain/ids.ts';
import { isFileTooLarge, type FileVault, type StoredBytes } from './FileVault.ts';

import { inspectFile, type Inspection } from './inspect.ts';
import type { Scanner } from './scanner.ts';
import { UploadError } from './upload-error.ts';

export { UploadError };

export interface ReceivedUpload extends StoredBytes, Inspection {
	/** Chosen by the browser when the file enters its outbox: a retried upload is recognised. */
	uploadId: string;
	/** As the user's system named it; sanitise before showing or filing. */
	fileName: string;
}

/** Room for the multipart envelope around the file, on top of the file size limit. */
const ENVELOPE_BYTES = 64 * 1024;

export function tooLargeMessage(limit: number): string {
	return `Le fichier dépasse la taille maximale autorisée (${Math.round(limit / 1024 / 1024)} Mo).`;
}

/**
 * Reads a `multipart/form-data` upload as it streams in: a field `uploadId`, then one field
 * `file`, written to the vault without ever being held whole in memory. A body that announces
 * itself larger than the limit is refused before any byte is read. One that grows past it is no
 * longer written, and nothing of it is kept; the rest of the body is read and dropped (up to a
 * bound) so that the browser reads the refusal rather than a reset connection.
 */
export async function receiveUpload(
	request: Request,
	vault: FileVault,
	limit: number,
	scanner: Scanner | null = null
): Promise<ReceivedUpload> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > limit + ENVELOPE_BYTES) throw new UploadError(413, tooLargeMessage(limit));
	if (!request.body) throw new UploadError(400, 'Aucun fichier reçu.');
	let parser: busboy.Busboy;
	try {
		parser = busboy({
			headers: { 'content-type': request.headers.get('content-type') ?? '' },
			// Browsers send file names as raw UTF-8; busboy's default would read them as Latin-1.
			defParamCharset: 'utf8',
			// The name as sent, path included, so that a crafted one is refused rather than cut.
			preservePath: true,
			limits: { files: 1, fields: 4, fieldSize: 1024, parts: 6, fileSize: limit + 1 }
		});
	} catch {
		throw new UploadError(400, 'Envoi mal formé : formulaire multipart attendu.');
	}

	const body = Readable.fromWeb(request.body as NodeReadableStream);
	return new Promise<ReceivedUpload>((resolve, reject) => {
		let uploadId: string | null = null;
		let received: Promise<ReceivedUpload> | null = null;
		let refusal: UploadError | null = null;
		let read = 0;
		let file: Readable | null = null;
		/** Stops reading; answers once the half-written file is removed. */
		const abort = (error: UploadError) => {
			body.unpipe(parser);
			body.destroy();
			file?.destroy(error);
			void (received ?? Promise.resolve()).catch(() => {}).finally(() => reject(error));
		};

		body.on('data', (chunk: Buffer) => {
			read += chunk.length;
			if (read > limit + 2 * ENVELOPE_BYTES) abort(new UploadError(413, tooLargeMessage(limit)));
		});
		body.on('error', () => abort(new UploadError(400, 'Envoi interrompu.')));
		parser.on('field', (name, value) => {
			if (name === 'uploadId') uploadId = value;
		});
		parser.on('file', (name, stream, info) => {
			if (name !== 'file' || received || refusal) {
				stream.resume();
				return;
			}
			if (!uploadId || !isId(uploadId)) {
				refusal = new UploadError(400, 'Envoi mal formé : identifiant d’envoi manquant.');
				stream.resume();
				return;
			}
			const nameProblem = fileNameProblem(info.filename ?? '');
			if (nameProblem) {
				refusal = new UploadError(400, nameProblem);
				stream.resume();
				return;
			}
			const id = uploadId;
			file = stream;
			// What the file is comes from its content only; the declared type is not even read.
			// Held in the vault's tmp/ until inspected and scanned: a refused file is never kept.
			const check = async (path: string, size: number) => {
				const inspection = await inspectFile(path, size);
				await scan(scanner, path);
				return inspection;
			};
			received = vault.receive(stream, limit, check).then(({ inspection, ...bytes }) => ({
				...bytes,
				...inspection,
				uploadId: id,
				fileName: info.filename ?? ''
			}));
			// Settled at 'close' below; this only keeps an early failure from going unhandled.
			received.catch(() => {});
		});
		parser.on('error', () => abort(new UploadError(400, 'Envoi mal formé ou interrompu.')));
		parser.on('close', () => {
			if (refusal) return reject(refusal);
			if (!received) return reject(new UploadError(400, 'Aucun fichier reçu.'));
			received.then(resolve, (error) =>
				reject(isFileTooLarge(error) ? new UploadError(413, tooLargeMessage(limit)) : error)
			);
		});
		body.pipe(parser);
	});
}

/**
 * Reads and drops what is left of a refused upload's body, up to `limit` bytes: a browser that is
 * still sending when the answer comes would otherwise see a broken connection, not the answer.
 */
export async function discardBody(request: Request, limit: number): Promise<void> {
	if (!request.body || request.bodyUsed) return;
	let read = 0;
	try {
		for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
			read += chunk.byteLength;
			if (read > limit) break;
		}
	} catch {
		// The sender went away: nothing left to answer.
	}
}

async function scan(scanner: Scanner | null, path: string): Promise<void> {
	if (!scanner) return;
	let found: string | null;
	try {
		found = await scanner.scan(path);
	} catch {
		throw new UploadError(503, 'L’analyse antivirus est indisponible : réessayez dans un moment.');
	}
	if (found) throw new UploadError(422, `Ce fichier contient un virus (${found}) : il est refusé.`);
}
