import { moveTarget } from '../../domain/ged-tree.ts';
import { staffOnly } from '../access.ts';
import { audit } from '../audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';

export type MoveResult =
	| { ok: true; id: string }
	| { ok: false; status: 400 | 404; fileId: string | null; message: string };

/**
 * « Déplacer »: files a document of the firm in another folder of its client (a 403 to
 * non-staff). The audit entry's detail is `from → to`.
 */
export async function moveFile(
	rt: Pick<Runtime, 'store'>,
	by: SessionUser | null,
	input: { fileId: string; folder: string }
): Promise<MoveResult> {
	const user = staffOnly(by);
	const file = await rt.store.getFile(input.fileId);
	if (!file || file.firmId !== user.firmId) {
		return { ok: false, status: 404, fileId: null, message: 'Document introuvable.' };
	}
	// The client's top folder is where the filing rule put the file first.
	const clientFolder = file.gedPath.split('/')[0]!;
	const target = moveTarget(input.folder, file.name, clientFolder);
	if (!target.ok) return { ok: false, status: 400, fileId: file.id, message: target.error };
	await rt.store.moveFile(file.id, target.gedPath);
	await audit(rt.store, user, 'file.move', file.id, `${file.gedPath} → ${target.gedPath}`);
	return { ok: true, id: file.id };
}
