import { error, json } from '@sveltejs/kit';
import { issueCollabToken } from '$lib/server/auth/collab-token';

/** DESIGN §7: a short-lived token for the sync connection, for the signed-in user only. */
export function GET({ locals }) {
	const user = locals.user;
	if (!user) error(401, 'Session expirée : reconnectez-vous.');
	const token = issueCollabToken(locals.runtime.sessionSecret, {
		sid: user.sessionId,
		uid: user.id
	});
	return json(
		{ token, url: '/collab', firmId: user.firmId, clientId: user.clientId, userId: user.id },
		{ headers: { 'cache-control': 'no-store' } }
	);
}
