import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface DepositTarget {
	clientId: string;
	requestId: string;
}

/** `POST` of one file to a request, as the portal's outbox sends it. */
export function deposit(
	origin: string,
	cookie: string,
	target: DepositTarget,
	file: { bytes: Uint8Array<ArrayBuffer>; name: string; type?: string },
	options: { uploadId?: string; from?: string } = {}
): Promise<Response> {
	const form = new FormData();
	form.set('uploadId', options.uploadId ?? crypto.randomUUID());
	form.set('file', new Blob([file.bytes], { type: file.type ?? 'application/pdf' }), file.name);
	return fetch(`${origin}/api/clients/${target.clientId}/requests/${target.requestId}/documents`, {
		method: 'POST',
		headers: { cookie, origin: options.from ?? origin },
		body: form
	});
}

/** Every file kept in the data folder's vault (not the half-received ones in `tmp/`). */
export function storedFiles(dataDir: string): string[] {
	const root = join(dataDir, 'files');
	return readdirSync(root, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && !entry.parentPath.startsWith(join(root, 'tmp')))
		.map((entry) => join(entry.parentPath, entry.name));
}

export function pendingFiles(dataDir: string): string[] {
	return readdirSync(join(dataDir, 'files', 'tmp'));
}
