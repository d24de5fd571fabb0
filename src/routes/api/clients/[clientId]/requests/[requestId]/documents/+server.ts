import { json } from '@sveltejs/kit';
import { depositDocument } from '$lib/server/files/deposit';
import { discardBody, UploadError } from '$lib/server/files/receive-upload';

/** « Déposer un document »: one file per request, multipart, field `uploadId` then `file`. */
export async function POST({ locals, params, request }) {
	const server = locals.runtime;
	try {
		if (!locals.user) throw new UploadError(401, 'Session expirée : reconnectez-vous.');
		const { created, document } = await depositDocument(server, locals.user, params, request);
		return json({ document }, { status: created ? 201 : 200 });
	} catch (failure) {
		if (!(failure instanceof UploadError)) throw failure;
		await discardBody(request, server.maxUploadBytes + 1024 * 1024);
		return json(
			{ message: failure.message },
			// Whatever is left of the body was not read: the connection must not carry another request.
			{ status: failure.status, headers: { connection: 'close' } }
		);
	}
}
