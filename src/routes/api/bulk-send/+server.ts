import { error } from '@sveltejs/kit';
import { staffOnly } from '$lib/server/access';
import { sendToClients } from '$lib/server/bulk/send';

/**
 * « Envoyer à plusieurs clients »: the JSON submission of the « Clients » page, answered as NDJSON
 * lines while it runs: `{"type":"progress","done":120,"total":500}`…, then one `summary` (or
 * `invalid` with the field errors, or `error`). The work goes on if the page goes away; sending
 * the same batch again reports it without doing it twice.
 */
export async function POST({ locals, request }) {
	staffOnly(locals.user);
	let input: unknown;
	try {
		input = await request.json();
	} catch {
		error(400, 'Données invalides.');
	}
	const encoder = new TextEncoder();
	let open = true;
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const line = (value: object) => {
				if (!open) return;
				try {
					controller.enqueue(encoder.encode(JSON.stringify(value) + '\n'));
				} catch {
					open = false;
				}
			};
			try {
				const result = await sendToClients(locals.runtime, locals.user, input, (progress) =>
					line({ type: 'progress', ...progress })
				);
				line(
					result.ok
						? { type: 'summary', ...result.summary }
						: { type: 'invalid', errors: result.errors }
				);
			} catch (cause) {
				console.error('Bulk send failed', cause);
				line({
					type: 'error',
					message: 'L’envoi a échoué : renvoyez-le, rien ne sera fait deux fois.'
				});
			}
			if (open) controller.close();
		},
		cancel() {
			open = false;
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' }
	});
}
