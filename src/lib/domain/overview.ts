import type { InfoRequest } from './request.ts';
import { isAnswered } from './status.ts';
import type { Review } from './review.ts';
import type { RequestStatus } from './status.ts';

/** Longest `text` kept per request in the overview: enough to search, bounded in size. */
const SUMMARY_TEXT_MAX = 2000;

/**
 * What the firm-wide overview keeps of one information request: enough for the « Tâches » view
 * (progress per task, lists per client, search) without opening every client's document.
 */
export interface RequestSummary {
	id: string;
	clientId: string;
	taskId: string;
	title: string;
	status: RequestStatus;
	dueDate: string | null;
	updatedAt: string;
	commentCount: number;
	documentCount: number;
	/** Description and comment bodies, joined and cut at SUMMARY_TEXT_MAX characters: for search. */
	text: string;
	/** The firm's review (`reviewState` derives « À valider » / « Validée » from it and `status`). */
	review: Review | null;
	/**
	 * Why the firm sent the request back, while the client has not answered again: what the next
	 * reminder repeats. `null` once the client answered or the firm validated.
	 */
	returnReason: string | null;
	/**
	 * When the request was sent to the client (the reminders' cadence without a due date counts
	 * from it). Absent from entries written before the field existed, until the server's
	 * reconciliation rewrites them.
	 */
	createdAt?: string;
}

/** The summary of `request`, a request of the client `clientId`. Pure: the same input, the same output. */
export function summarizeRequest(clientId: string, request: InfoRequest): RequestSummary {
	const text = [request.description, ...request.comments.map((c) => c.body)]
		.filter((part) => part.length > 0)
		.join('\n');
	const lastComment = request.comments.at(-1)?.at ?? '';
	const lastDocument = request.documents.at(-1)?.at ?? '';
	return {
		id: request.id,
		clientId,
		taskId: request.taskId,
		title: request.title,
		status: request.status,
		dueDate: request.dueDate,
		updatedAt: [request.updatedAt, lastComment, lastDocument].sort().at(-1)!,
		commentCount: request.comments.length,
		documentCount: request.documents.length,
		text: [...text].slice(0, SUMMARY_TEXT_MAX).join(''),
		review: request.review,
		returnReason: isAnswered(request.status) ? null : request.returnReason,
		createdAt: request.createdAt
	};
}
