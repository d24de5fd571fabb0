import { fail } from '@sveltejs/kit';
import { isStaff } from '$lib/domain/roles';
import { moveTarget, type GedEntry } from '$lib/domain/ged-tree';
import { runtime } from '$lib/server/runtime';

/** The firm's files, from the store (the GED's home), with the names the page shows. */
export async function load({ locals }) {
	const user = locals.user!;
	const { store } = runtime();
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
		const user = locals.user;
		if (!user || !isStaff(user.role)) return fail(403, { error: 'Accès réservé au cabinet.' });
		const form = await request.formData();
		const { store } = runtime();
		const file = await store.getFile(String(form.get('fileId') ?? ''));
		if (!file || file.firmId !== user.firmId) return fail(404, { error: 'Document introuvable.' });
		// The client's top folder is where the filing rule put the file first.
		const clientFolder = file.gedPath.split('/')[0]!;
		const target = moveTarget(String(form.get('folder') ?? ''), file.name, clientFolder);
		if (!target.ok) return fail(400, { fileId: file.id, error: target.error });
		await store.moveFile(file.id, target.gedPath);
		await store.appendAudit({
			firmId: user.firmId,
			userId: user.id,
			action: 'file.move',
			target: file.id,
			detail: `${file.gedPath} → ${target.gedPath}`
		});
		return { moved: file.id };
	}
};
