import { createSubscriber } from 'svelte/reactivity';
import type { Actor } from '../doc/origins.ts';
import {
	addComment,
	observeRequests,
	readRequests,
	returnRequest,
	setRequestStatus,
	transmitRequest,
	unvalidateRequest,
	updateRequest,
	validateRequest,
	withdrawRequest
} from '../doc/requests.ts';
import { requestsDocName } from '../domain/doc-names.ts';
import type { Comment, InfoRequest, RequestInput, RequestPatch } from '../domain/request.ts';
import type { RequestStatus } from '../domain/status.ts';
import type { CollabSession } from '../sync/CollabSession.svelte.ts';
import type { DocumentSync } from '../sync/DocumentSync.svelte.ts';
import { attempt, type CommandResult } from './TasksWorkspace.svelte.ts';

/**
 * One client's requests document, open for as long as a view needs it: the requests the firm sent
 * that client, with their comments and documents, and the commands staff and client run on them.
 */
export class ClientRequests {
	readonly sync: DocumentSync;
	readonly #actor: Actor;
	readonly #release: () => void;
	readonly #subscribe: () => void;

	constructor(session: CollabSession, firmId: string, clientId: string, actor: Actor) {
		const opened = session.open(requestsDocName(firmId, clientId));
		this.sync = opened.sync;
		this.#release = opened.release;
		this.#actor = actor;
		this.#subscribe = createSubscriber((update) => observeRequests(this.sync.doc, () => update()));
	}

	get all(): InfoRequest[] {
		this.#subscribe();
		return readRequests(this.sync.doc);
	}

	/** The requests sent from one task, oldest first. */
	ofTask(taskId: string): InfoRequest[] {
		return this.all.filter((request) => request.taskId === taskId);
	}

	transmit(input: RequestInput): CommandResult<InfoRequest> {
		return attempt(() => transmitRequest(this.sync.doc, input, this.#actor));
	}

	update(id: string, patch: RequestPatch): CommandResult<InfoRequest> {
		return attempt(() => updateRequest(this.sync.doc, id, patch, this.#actor));
	}

	/** `comment` is required by « Sans objet » and « Justificatif perdu », written with it. */
	setStatus(id: string, status: RequestStatus, comment?: string): CommandResult<InfoRequest> {
		return attempt(() => setRequestStatus(this.sync.doc, id, status, this.#actor, { comment }));
	}

	/** « Valider » (staff). */
	validate(id: string): CommandResult<InfoRequest> {
		return attempt(() => validateRequest(this.sync.doc, id, this.#actor));
	}

	/** « Annuler la validation » (staff). */
	unvalidate(id: string): CommandResult<InfoRequest> {
		return attempt(() => unvalidateRequest(this.sync.doc, id, this.#actor));
	}

	/** « Renvoyer au client » with its required reason (staff). */
	returnToClient(id: string, reason: string): CommandResult<InfoRequest> {
		return attempt(() => returnRequest(this.sync.doc, id, reason, this.#actor));
	}

	comment(id: string, body: string): CommandResult<Comment> {
		return attempt(() => addComment(this.sync.doc, id, body, this.#actor));
	}

	withdraw(id: string): boolean {
		return withdrawRequest(this.sync.doc, id, this.#actor);
	}

	destroy(): void {
		this.#release();
	}
}
