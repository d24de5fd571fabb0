import { json } from '@sveltejs/kit';
import { hasRuntime } from '$lib/server/runtime';

/** 200 once the store is open (the runtime exists only after it opened). */
export function GET() {
	if (!hasRuntime()) return json({ ok: false }, { status: 503 });
	return json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
}
