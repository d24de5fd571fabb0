import { redirect } from '@sveltejs/kit';
import { homeOf } from '$lib/server/auth/route-guard';

export function load({ locals }) {
	redirect(303, locals.user ? homeOf(locals.user) : '/login');
}
