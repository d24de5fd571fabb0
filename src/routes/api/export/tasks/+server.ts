import { error } from '@sveltejs/kit';
import { exportFormat, exportResponse, exportTasks } from '$lib/server/export/exports';

/** « Exporter » on « Tâches »: `{ "ids": [...] }`, the filtered list in its order; `?format=csv|xlsx`. */
export async function POST({ locals, request, url }) {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		error(400, 'Données invalides.');
	}
	const ids = typeof body === 'object' && body !== null ? (body as { ids?: unknown }).ids : null;
	const format = exportFormat(url.searchParams.get('format'));
	return exportResponse(await exportTasks(locals.runtime, locals.user, ids, format));
}
