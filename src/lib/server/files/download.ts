import { create as contentDisposition } from 'content-disposition';
import { Readable } from 'node:stream';
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
	fileId: string
): Promise<Response | null> {
	if (!isId(fileId)) return null;
	const file = await runtime.store.getFile(fileId);
	if (!file || file.firmId !== user.firmId) return null;
	if (!isStaff(user.role) && user.clientId !== file.clientId) return null;
	const { size, stream } = await runtime.files.read(file.sha256);
	return new Response(Readable.toWeb(stream) as ReadableStream, {
		headers: {
			'content-type': file.mime,
			'content-length': String(size),
			'content-disposition': contentDisposition(file.name),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store',
			// Even opened directly, the file cannot run script nor reach the app as the user.
			'content-security-policy': "sandbox; default-src 'none'"
		}
	});
}
