import { error, json } from '@sveltejs/kit';
import { markNewsRead, parseScope } from '$lib/server/activity/feed';

/** Marks news read: `{ ids: [...] }` or `{ all: true }`, in `scope`; answers the unread count. */
export async function POST({ locals, request }) {
	if (request.headers.get('origin') !== locals.runtime.origin) error(403, 'Origine refusée');
	const body: unknown = await request.json().catch(() => null);
	if (typeof body !== 'object' || body === null) error(400, 'Requête invalide');
	const { ids, all, scope } = body as Record<string, unknown>;
	const unread = await markNewsRead(locals.runtime, locals.user, {
		ids: Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [],
		all: all === true,
		scope: parseScope(typeof scope === 'string' ? scope : null)
	});
	return json({ unread });
}
