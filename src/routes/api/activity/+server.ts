import { json } from '@sveltejs/kit';
import { activityFeed, parseScope, unreadNews } from '$lib/server/activity/feed';

/** « Nouveautés » (`?scope=mine|firm`), or only the navigation's unread count (`?count`). */
export async function GET({ locals, url }) {
	if (url.searchParams.has('count')) {
		return json({ unread: await unreadNews(locals.runtime, locals.user) });
	}
	const scope = parseScope(url.searchParams.get('scope'));
	return json(await activityFeed(locals.runtime, locals.user, scope));
}
