import { error } from '@sveltejs/kit';

export async function load({ locals }) {
	const user = locals.user;
	if (!user || user.role !== 'client' || !user.clientId) error(403, 'Accès réservé aux clients.');
	const { store, maxUploadBytes } = locals.runtime;
	const [client, firm] = await Promise.all([
		store.getClient(user.clientId),
		store.getFirm(user.firmId)
	]);
	return {
		user: { id: user.id, name: user.name, firmId: user.firmId, clientId: user.clientId },
		clientName: client?.name ?? '',
		firmName: firm?.name ?? '',
		maxUploadBytes
	};
}
