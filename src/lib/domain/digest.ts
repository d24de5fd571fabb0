import { frenchDate } from './paris-time.ts';
import { isAwaitingClient } from './reminders.ts';

/**
 * The reminder digest: everything of one client due for a reminder, in one message per contact,
 * grouped by task. Plain data, rendered into an e-mail by the server (`reminder-mail.ts`) and
 * shown as is in the « Boîte d'envoi » or a preview before « Relancer ».
 */

/** Where the requests of a task whose title is unknown are listed. */
export const OTHER_REQUESTS_TITLE = 'Autres demandes';

export interface DigestRequestInput {
	id: string;
	taskId: string;
	title: string;
	status: string;
	dueDate: string | null;
}

export interface DigestInput {
	firmName: string;
	contact: { id: string; name: string; email: string };
	/** The collaborator in charge of the client, whom the contact's reply reaches; null for none. */
	replyTo: { name: string; email: string } | null;
	/** The contact's sign-in link, and until when it works (ISO instant). */
	signinUrl: string;
	signinExpiresAt: string;
	/** The Paris calendar date of the digest: what « en retard » is measured against. */
	today: string;
	/** Task titles by id, made once for all the digests of a firm (a firm has thousands of tasks). */
	taskTitles: ReadonlyMap<string, string>;
	/** The client's requests due for a reminder; any no longer awaiting the client are left out. */
	requests: readonly DigestRequestInput[];
}

export interface DigestItem {
	id: string;
	title: string;
	dueDate: string | null;
	/** `12/05/2026`, or null without a due date. */
	dueDateLabel: string | null;
	/** The due date has passed (it is before `today`). */
	late: boolean;
}

export interface DigestGroup {
	taskId: string;
	taskTitle: string;
	items: DigestItem[];
}

export interface Digest {
	/** Idempotency key: one digest per contact per Paris day. */
	key: string;
	date: string;
	firmName: string;
	contact: DigestInput['contact'];
	replyTo: DigestInput['replyTo'];
	signinUrl: string;
	signinExpiresAt: string;
	/** Tasks in title order; in each, requests by due date (none last), then title. */
	groups: DigestGroup[];
	requestCount: number;
	lateCount: number;
	/** Every request listed, for the reminder record. */
	requestIds: string[];
}

/** The key that makes a second digest for the same contact on the same Paris day a no-op. */
export function digestKey(contactId: string, parisDate: string): string {
	return `reminder-digest:${contactId}:${parisDate}`;
}

/** The digest for `input.contact`, or null when nothing in it is still awaiting the client. */
export function composeDigest(input: DigestInput): Digest | null {
	const open = input.requests.filter((request) => isAwaitingClient(request.status));
	if (open.length === 0) return null;
	const byTask = new Map<string, DigestItem[]>();
	for (const request of open) {
		const items = byTask.get(request.taskId) ?? [];
		items.push({
			id: request.id,
			title: request.title,
			dueDate: request.dueDate,
			dueDateLabel: request.dueDate === null ? null : frenchDate(request.dueDate),
			late: request.dueDate !== null && request.dueDate < input.today
		});
		byTask.set(request.taskId, items);
	}
	const groups = [...byTask].map(([taskId, items]) => ({
		taskId,
		taskTitle: input.taskTitles.get(taskId) ?? OTHER_REQUESTS_TITLE,
		items: items.sort(byDueDateThenTitle)
	}));
	groups.sort((a, b) => COLLATOR.compare(a.taskTitle, b.taskTitle));
	const items = groups.flatMap((group) => group.items);
	return {
		key: digestKey(input.contact.id, input.today),
		date: input.today,
		firmName: input.firmName,
		contact: input.contact,
		replyTo: input.replyTo,
		signinUrl: input.signinUrl,
		signinExpiresAt: input.signinExpiresAt,
		groups,
		requestCount: items.length,
		lateCount: items.filter((item) => item.late).length,
		requestIds: items.map((item) => item.id)
	};
}

const COLLATOR = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

function byDueDateThenTitle(a: DigestItem, b: DigestItem): number {
	if (a.dueDate !== b.dueDate) {
		if (a.dueDate === null) return 1;
		if (b.dueDate === null) return -1;
		return a.dueDate < b.dueDate ? -1 : 1;
	}
	return COLLATOR.compare(a.title, b.title);
}
