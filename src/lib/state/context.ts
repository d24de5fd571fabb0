import { getContext, setContext } from 'svelte';
import type { CollabSession } from '../sync/CollabSession.svelte.ts';
import type { UploadOutbox } from '../sync/UploadOutbox.svelte.ts';
import type { ActivityFeed } from './ActivityFeed.svelte.ts';
import type { TasksWorkspace } from './TasksWorkspace.svelte.ts';

const WORKSPACE = Symbol('workspace');
const SESSION = Symbol('collab-session');
const OUTBOX = Symbol('upload-outbox');
const ACTIVITY = Symbol('activity-feed');

/** The firm workspace of the current page tree (set by the cabinet layout). */
export function setWorkspace(workspace: TasksWorkspace): TasksWorkspace {
	return setContext(WORKSPACE, workspace);
}

export function getWorkspace(): TasksWorkspace {
	const workspace = getContext<TasksWorkspace | undefined>(WORKSPACE);
	if (!workspace) throw new Error('getWorkspace() outside the cabinet layout');
	return workspace;
}

/** The sync session of the signed-in user (set by the area's layout). */
export function setCollabSession(session: CollabSession): CollabSession {
	return setContext(SESSION, session);
}

export function getCollabSession(): CollabSession {
	const session = getContext<CollabSession | undefined>(SESSION);
	if (!session) throw new Error('getCollabSession() outside a signed-in layout');
	return session;
}

/** The signed-in user's upload outbox (set by the portal layout). */
export function setUploadOutbox(outbox: UploadOutbox): UploadOutbox {
	return setContext(OUTBOX, outbox);
}

export function getUploadOutbox(): UploadOutbox {
	const outbox = getContext<UploadOutbox | undefined>(OUTBOX);
	if (!outbox) throw new Error('getUploadOutbox() outside the portal layout');
	return outbox;
}

/** The staff member's « Nouveautés » (set by the cabinet layout). */
export function setActivityFeed(feed: ActivityFeed): ActivityFeed {
	return setContext(ACTIVITY, feed);
}

export function getActivityFeed(): ActivityFeed {
	const feed = getContext<ActivityFeed | undefined>(ACTIVITY);
	if (!feed) throw new Error('getActivityFeed() outside the cabinet layout');
	return feed;
}
