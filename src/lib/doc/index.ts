/**
 * The typed Yjs layer: the only code that touches the documents' shared types. State classes and
 * the server go through these reads and commands; components never import this or `yjs`.
 */
export { DocCommandError, type DocCommandErrorCode } from './errors.ts';
export { commandOrigin, isCommandOrigin, type Actor, type CommandOrigin } from './origins.ts';
export type { CommandOptions } from './entries.ts';
export {
	META,
	REQUESTS,
	SCHEMA_VERSION,
	TASKS,
	initRequestsDocument,
	initTasksDocument,
	readSchemaVersion,
	requestsMap,
	tasksMap
} from './schema.ts';
export {
	createTask,
	deleteTask,
	observeTasks,
	readTask,
	readTasks,
	setTaskStatus,
	updateTask
} from './tasks.ts';
export {
	addComment,
	attachDocument,
	observeRequests,
	readRequest,
	readRequests,
	requestsByTask,
	setRequestStatus,
	transmitRequest,
	updateRequest,
	withdrawRequest,
	type DocumentRefDraft
} from './requests.ts';
export {
	initOverviewDocument,
	observeOverview,
	readRequestSummaries,
	readRequestSummary,
	summariesByClient,
	summariesByTask,
	pruneSummaries,
	syncClientSummaries,
	syncSummaries
} from './overview.ts';
