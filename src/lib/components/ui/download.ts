/**
 * Fetches an export from the server and saves it as the file the server named
 * (`Content-Disposition`): an xlsx or CSV download that may need a POST body (the filtered ids).
 * Returns an error message to show, or `null` once the download started.
 */
export async function downloadExport(url: string, init: RequestInit = {}): Promise<string | null> {
	let response: Response;
	try {
		response = await fetch(url, init);
	} catch {
		return 'Export impossible : vérifiez la connexion.';
	}
	if (!response.ok) return `Export refusé (erreur ${response.status}).`;
	const disposition = response.headers.get('content-disposition') ?? '';
	const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export';
	const href = URL.createObjectURL(await response.blob());
	const link = document.createElement('a');
	link.href = href;
	link.download = name;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(href), 10_000);
	return null;
}
