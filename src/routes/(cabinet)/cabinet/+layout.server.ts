import { isStaff } from '$lib/domain/roles';
import { error } from '@sveltejs/kit';

/** The firm's directory (clients, staff) that the Yjs documents refer to by id. */
export async function load({ locals }) {
	const user = locals.user;
	if (!user || !isStaff(user.role)) error(403, 'Accès réservé au cabinet.');
	const { store, maxUploadBytes } = locals.runtime;
	const [firm, clients, users] = await Promise.all([
		store.getFirm(user.firmId),
		store.listClients(user.firmId),
		store.listUsers(user.firmId)
	]);
	return {
		user: { id: user.id, name: user.name, role: user.role, firmId: user.firmId },
		firmName: firm?.name ?? '',
		clients: clients.map(({ id, name, archivedAt }) => ({
			id,
			name,
			archived: archivedAt !== null
		})),
		staff: users.filter((u) => isStaff(u.role)).map(({ id, name }) => ({ id, name })),
		maxUploadBytes
	};
}
