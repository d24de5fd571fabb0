import { create as contentDisposition } from 'content-disposition';
import { Readable } from 'node:stream';
import { PREVIEWABLE } from '../../domain/file-types.ts';
import { isId } from '../../domain/ids.ts';
import { isStaff } from '../../domain/roles.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';

/**
 * A deposited file, for the firm's staff and the users of the client it belongs to; `null` for
 * anyone else, and for an unknown id, so that a probe cannot tell the two apart (404 both).
 */
export async function downloadFile(
	runtime: Pick<Runtime, 'store' | 'files'>,
	user: SessionUser,
	fileId: string,
	options: { preview?: boolean } = {}
): Promise<Response | null> {
	if (!isId(fileId)) return null;
	const file = await runtime.store.getFile(fileId);
	if (!file || file.firmId !== user.firmId) return null;
	if (!isStaff(user.role) && user.clientId !== file.clientId) return null;
	const { size, stream } = await runtime.files.read(file.sha256);
	// Inline only for the GED's preview, and only for what a browser shows without running it.
	const inline = options.preview === true && PREVIEWABLE.has(file.mime);
	return new Response(Readable.toWeb(stream) as ReadableStream, {
		headers: {
			'content-type': file.mime,
			'content-length': String(size),
			'content-disposition': contentDisposition(file.name, {
				type: inline ? 'inline' : 'attachment'
			}),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store',
			// Even opened directly, the file cannot run script nor reach the app as the user; only
			// the GED's own preview may frame it.
			'content-security-policy': `sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors ${inline ? "'self'" : "'none'"}`,
			'x-frame-options': inline ? 'SAMEORIGIN' : 'DENY'
		}
	});
}
