import { error } from '@sveltejs/kit';
import { downloadFile } from '$lib/server/files/download';

export async function GET({ locals, params, url }) {
	const user = locals.user;
	if (!user) error(401, 'Session expirée : reconnectez-vous.');
	const response = await downloadFile(locals.runtime, user, params.fileId, {
		preview: url.searchParams.has('apercu')
	});
	if (!response) error(404, 'Document introuvable.');
	return response;
}
