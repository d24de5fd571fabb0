import { staffOnly } from '../access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import type { OutboxEntry } from './outbox.ts';

/** What the firm's « Boîte d'envoi » shows. */
export interface FirmOutbox {
	/** False without `SMTP_URL`: the page says that e-mail is not configured. */
	configured: boolean;
	/** Newest first, each as the client reads it (link included) with its delivery status. */
	messages: OutboxEntry[];
}

/** The signed-in staff member's firm's outbox (403 for anyone else). */
export async function firmOutbox(
	rt: Pick<Runtime, 'outbox'>,
	by: SessionUser | null,
	limit = 200
): Promise<FirmOutbox> {
	const user = staffOnly(by);
	return { configured: rt.outbox.configured, messages: await rt.outbox.list(user.firmId, limit) };
}
