import { json } from '@sveltejs/kit';

/** 200 once the store is open: before that, `handle` answers 503 (the runtime exists only after). */
export function GET() {
	return json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
}
