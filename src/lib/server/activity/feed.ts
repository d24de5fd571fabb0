import { error } from '@sveltejs/kit';
import { readRequestSummary } from '../../doc/overview.ts';
import { readTasks } from '../../doc/tasks.ts';
import { clientPart, type Feed, type FeedScope, type RequestEvent } from '../../domain/activity.ts';
import { mayOpenDocument } from '../../domain/access.ts';
import { overviewDocName, tasksDocName } from '../../domain/doc-names.ts';
import { staffOnly } from '../access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import type { EventQuery } from '../store/Store.ts';

type FeedRuntime = Pick<Runtime, 'store' | 'documents'>;

/** How many lines « Nouveautés » shows, and the most a « tout lu » marks at once. */
const FEED_LIMIT = 100;
const MARK_ALL_LIMIT = 5000;

export function parseScope(value: string | null): FeedScope {
	return value === 'firm' ? 'firm' : 'mine';
}

/**
 * The news query for a staff member: what clients did (`isClientNews`), on the tasks assigned to
 * the user (read from the tasks document now: a reassigned task brings its history along), or
 * on the whole firm for an administrator who asks. A collaborator asking for the firm gets a 403.
 */
async function newsQuery(runtime: FeedRuntime, user: SessionUser | null, scope: FeedScope) {
	const staff = staffOnly(user);
	const query: EventQuery = {
		firmId: staff.firmId,
		actorRole: 'client',
		excludeKinds: ['opened']
	};
	if (scope === 'firm') {
		if (staff.role !== 'admin') error(403, 'Réservé aux administrateurs du cabinet.');
		return { query, tasks: null, staff };
	}
	const tasks = await runtime.documents.read(tasksDocName(staff.firmId), readTasks);
	const mine = tasks.filter((task) => task.assigneeId === staff.id).map((task) => task.id);
	return { query: { ...query, taskIds: mine }, tasks, staff };
}

/** « Nouveautés »: the newest news first, each with its read state and names to show. */
export async function activityFeed(
	runtime: FeedRuntime,
	signedIn: SessionUser | null,
	scope: FeedScope
): Promise<Feed> {
	const { query, tasks, staff: user } = await newsQuery(runtime, signedIn, scope);
	const { store, documents } = runtime;
	const events = await store.listRequestEvents(query, FEED_LIMIT);
	const unread = await store.countRequestEvents({ ...query, unreadBy: user.id });
	const read = new Set(
		await store.readEventIds(
			user.id,
			events.map((e) => e.id)
		)
	);
	const clients = new Map((await store.listClients(user.firmId)).map((c) => [c.id, c.name]));
	const taskTitles = new Map(
		(tasks ?? (await documents.read(tasksDocName(user.firmId), readTasks))).map((t) => [
			t.id,
			t.title
		])
	);
	const requestTitles = await documents.read(overviewDocName(user.firmId), (doc) => {
		const titles = new Map<string, string>();
		for (const { requestId } of events) {
			const title = readRequestSummary(doc, requestId)?.title;
			if (title) titles.set(requestId, title);
		}
		return titles;
	});
	const entries = events.map((event) => ({
		event,
		read: read.has(event.id),
		clientName: clients.get(event.clientId) ?? '',
		taskTitle: (event.taskId && taskTitles.get(event.taskId)) || null,
		requestTitle: requestTitles.get(event.requestId) ?? titleOf(event)
	}));
	return { scope, entries, unread };
}

/** The unread count the navigation shows: the user's own tasks. */
export async function unreadNews(
	runtime: FeedRuntime,
	signedIn: SessionUser | null
): Promise<number> {
	const { query, staff: user } = await newsQuery(runtime, signedIn, 'mine');
	return runtime.store.countRequestEvents({ ...query, unreadBy: user.id });
}

/**
 * Marks news read: the given ids (of the user's firm; others are ignored), or every unread one
 * in `scope`. Returns the unread count of that scope afterwards.
 */
export async function markNewsRead(
	runtime: FeedRuntime,
	signedIn: SessionUser | null,
	input: { ids?: string[]; all?: boolean; scope: FeedScope }
): Promise<number> {
	const { query, staff: user } = await newsQuery(runtime, signedIn, input.scope);
	const { store } = runtime;
	let ids = (input.ids ?? []).filter((id) => typeof id === 'string').slice(0, MARK_ALL_LIMIT);
	if (input.all) {
		const unread = await store.listRequestEvents({ ...query, unreadBy: user.id }, MARK_ALL_LIMIT);
		ids = unread.map((event) => event.id);
	}
	await store.markEventsRead(user.id, user.firmId, ids);
	return store.countRequestEvents({ ...query, unreadBy: user.id });
}

/**
 * A request's timeline, oldest first: all of it for the firm's staff, the client's part
 * (`clientPart`) for a user of that client. Anyone else (another client's user, another firm)
 * gets the same 404 as for a request that does not exist.
 */
export async function requestTimeline(
	runtime: Pick<Runtime, 'store'>,
	user: SessionUser | null,
	target: { clientId: string; requestId: string }
): Promise<RequestEvent[]> {
	const client = user ? await runtime.store.getClient(target.clientId) : null;
	const allowed =
		user &&
		client &&
		mayOpenDocument(user, { kind: 'requests', firmId: client.firmId, clientId: client.id });
	if (!allowed) error(404, 'Cette demande n’existe pas.');
	const events = await runtime.store.listRequestEvents(
		{ firmId: client.firmId, clientId: client.id, requestId: target.requestId },
		1000
	);
	events.reverse();
	if (user.role !== 'client') return events;
	return events.map(clientPart).filter((event) => event !== null);
}

function titleOf(event: RequestEvent): string | null {
	return typeof event.detail.title === 'string' ? event.detail.title : null;
}
