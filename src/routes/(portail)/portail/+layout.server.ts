import { error } from '@sveltejs/kit';
import { readTasks } from '$lib/doc/tasks';
import { tasksDocName } from '$lib/domain/doc-names';
import { portalTasks } from '$lib/domain/portal-groups';

export async function load({ locals }) {
	const user = locals.user;
	if (!user || user.role !== 'client' || !user.clientId) error(403, 'Accès réservé aux clients.');
	const { store, documents, maxUploadBytes } = locals.runtime;
	const clientId = user.clientId;
	const [client, firm, tasks] = await Promise.all([
		store.getClient(clientId),
		store.getFirm(user.firmId),
		// The client never opens the tasks document (DESIGN §2): it gets its tasks' titles, to
		// head its requests with, and nothing else of them.
		documents.read(tasksDocName(user.firmId), (doc) => portalTasks(readTasks(doc), clientId))
	]);
	return {
		user: { id: user.id, name: user.name, firmId: user.firmId, clientId },
		clientName: client?.name ?? '',
		firmName: firm?.name ?? '',
		tasks,
		maxUploadBytes
	};
}
