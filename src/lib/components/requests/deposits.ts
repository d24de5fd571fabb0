import type { PendingUpload } from '$lib/sync/UploadOutbox.svelte';

/** What a request list needs to deposit files on its requests, whoever deposits them. */
export interface DepositActions {
	pending: (requestId: string) => PendingUpload[];
	deposit: (requestId: string, files: File[]) => void;
	dismiss: (uploadId: string) => void;
}

/** The actions of one user's outbox, for the requests of one client. */
export function depositActions(
	outbox: {
		forRequest(requestId: string): PendingUpload[];
		add(target: { clientId: string; requestId: string }, files: File[]): Promise<void>;
		dismiss(uploadId: string): void;
	},
	clientId: string
): DepositActions {
	return {
		pending: (requestId) => outbox.forRequest(requestId),
		deposit: (requestId, files) => void outbox.add({ clientId, requestId }, files),
		dismiss: (uploadId) => outbox.dismiss(uploadId)
	};
}
