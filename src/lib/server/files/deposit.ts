import { readRequest, attachDocument } from '../../doc/requests.ts';
import { readTask } from '../../doc/tasks.ts';
import { mayOpenDocument } from '../../domain/access.ts';
import { requestsDocName, tasksDocName } from '../../domain/doc-names.ts';
import { sanitizeFileName } from '../../domain/file-names.ts';
import { nameForKind } from '../../domain/file-types.ts';
import { gedPathFor } from '../../domain/ged-path.ts';
import type { DocumentRef } from '../../domain/request.ts';
import { audit } from '../audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import type { StoredFile } from '../store/Store.ts';
import { receiveUpload } from './receive-upload.ts';
import { UploadError } from './upload-error.ts';

export interface Deposit {
	/** `false` when this upload had already arrived (a retry): nothing new was stored. */
	created: boolean;
	document: DocumentRef;
}

/**
 * A file deposited on a request by its client's user or by the firm's staff: checked against who
 * may write to that request before a byte is read, stored, recorded in the store, then referenced
 * on the request (where the firm and the client see it). A retried upload (same `uploadId`, after
 * a lost answer or from the offline outbox) is recognised and never attached twice. Audited as
 * `file.deposit` (target the file, detail the request).
 */
export async function depositDocument(
	runtime: Pick<Runtime, 'store' | 'documents' | 'files' | 'maxUploadBytes' | 'scanner'>,
	user: SessionUser,
	target: { clientId: string; requestId: string },
	request: Request
): Promise<Deposit> {
	const { store, documents } = runtime;
	const client = await store.getClient(target.clientId);
	const allowed =
		client &&
		!client.archivedAt &&
		mayOpenDocument(user, { kind: 'requests', firmId: client.firmId, clientId: client.id });
	// The same answer for « no such client » and « not yours »: a probe learns nothing.
	if (!allowed) throw new UploadError(404, 'Cette demande n’existe pas.');
	const docName = requestsDocName(client.firmId, client.id);
	const infoRequest = await documents.read(docName, (doc) => readRequest(doc, target.requestId));
	if (!infoRequest) throw new UploadError(404, 'Cette demande n’existe plus.');

	const upload = await receiveUpload(
		request,
		runtime.files,
		runtime.maxUploadBytes,
		runtime.scanner
	);

	const existing = await store.getFile(upload.uploadId);
	if (existing) {
		if (existing.uploadedBy !== user.id || existing.requestId !== infoRequest.id) {
			throw new UploadError(409, 'Cet envoi a déjà été utilisé.');
		}
		return { created: false, document: await attach(existing) };
	}

	const name = nameForKind(sanitizeFileName(upload.fileName), upload.kind);
	const task = await documents.read(tasksDocName(client.firmId), (doc) =>
		readTask(doc, infoRequest.taskId)
	);
	const file = await store.createFile({
		id: upload.uploadId,
		firmId: client.firmId,
		clientId: client.id,
		requestId: infoRequest.id,
		sha256: upload.sha256,
		size: upload.size,
		mime: upload.mime,
		name,
		gedPath: gedPathFor({
			clientName: client.name,
			category: task?.category ?? null,
			period: task?.period ?? null,
			at: new Date().toISOString(),
			fileName: name
		}),
		uploadedBy: user.id
	});
	const document = await attach(file);
	// A retry (above) writes no second entry: one deposit, one line in the log.
	await audit(store, user, 'file.deposit', file.id, infoRequest.id);
	return { created: true, document };

	/** References the stored file on the request, unless a reference to it is already there. */
	function attach(file: StoredFile): Promise<DocumentRef> {
		return documents.change(docName, (doc) => {
			const current = readRequest(doc, infoRequest!.id);
			if (!current) throw new UploadError(404, 'Cette demande n’existe plus.');
			const already = current.documents.find((ref) => ref.fileId === file.id);
			if (already) return already;
			return attachDocument(
				doc,
				current.id,
				{
					fileId: file.id,
					name: file.name,
					size: file.size,
					mime: file.mime,
					uploadedBy: file.uploadedBy,
					gedPath: file.gedPath
				},
				{ id: user.id, name: user.name }
			);
		});
	}
}
