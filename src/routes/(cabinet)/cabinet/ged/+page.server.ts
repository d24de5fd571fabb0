import { fail } from '@sveltejs/kit';
import type { GedEntry } from '$lib/domain/ged-tree';
import { staffOnly } from '$lib/server/access';
import { moveFile } from '$lib/server/files/move';

/** The firm's files, from the store (the GED's home), with the names the page shows. */
export async function load({ locals }) {
	const user = staffOnly(locals.user);
	const { store } = locals.runtime;
	const [files, clients, users] = await Promise.all([
		store.listFiles(user.firmId),
		store.listClients(user.firmId),
		store.listUsers(user.firmId)
	]);
	const clientName = new Map(clients.map((c) => [c.id, c.name]));
	const userName = new Map(users.map((u) => [u.id, u.name]));
	const entries: GedEntry[] = files.map((file) => ({
		id: file.id,
		clientId: file.clientId,
		clientName: clientName.get(file.clientId) ?? '',
		requestId: file.requestId,
		name: file.name,
		size: file.size,
		mime: file.mime,
		gedPath: file.gedPath,
		uploadedByName: userName.get(file.uploadedBy) ?? '',
		createdAt: file.createdAt
	}));
	return { entries };
}

export const actions = {
	/** « Déplacer »: files a document in another folder of its client. */
	move: async ({ locals, request }) => {
		const form = await request.formData();
		const result = await moveFile(locals.runtime, locals.user, {
			fileId: String(form.get('fileId') ?? ''),
			folder: String(form.get('folder') ?? '')
		});
		if (!result.ok && result.fileId) {
			return fail(result.status, { fileId: result.fileId, error: result.message });
		}
		if (!result.ok) return fail(result.status, { error: result.message });
		return { moved: result.id };
	}
};
