import { getContext, setContext } from 'svelte';
import type { CollabSession } from '../sync/CollabSession.svelte.ts';
import type { TasksWorkspace } from './TasksWorkspace.svelte.ts';

const WORKSPACE = Symbol('workspace');
const SESSION = Symbol('collab-session');

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
