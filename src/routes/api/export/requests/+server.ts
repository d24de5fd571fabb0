import { exportFormat, exportOpenRequests, exportResponse } from '$lib/server/export/exports';

/** « Exporter » the open requests: `?client=<id>` for one client, none for the whole firm. */
export async function GET({ locals, url }) {
	const clientId = url.searchParams.get('client');
	const format = exportFormat(url.searchParams.get('format'));
	return exportResponse(await exportOpenRequests(locals.runtime, locals.user, clientId, format));
}
