import type { NewRequestEvent, RequestEvent } from '../../domain/activity.ts';
import type { AuditAction } from '../../domain/audit.ts';
import type { VatRegime } from '../../domain/clients.ts';
import type { LinkPurpose, LinkState } from '../../domain/invitations.ts';
import type { OutboxState } from '../../domain/outbox.ts';
import type { RequestTemplate } from '../../domain/request-templates.ts';
import type { Role } from '../../domain/roles.ts';

/** An accounting firm (cabinet). Several firms can live in one store. */
export interface Firm {
	id: string;
	name: string;
	createdAt: string;
}

/**
 * A person who signs in: staff of a firm (`admin`, `collaborator`) or a user of one client of that
 * firm (`client`, with `clientId` set). E-mails are unique across the whole store, compared
 * case-insensitively, so that login needs only the address.
 */
export interface User {
	id: string;
	firmId: string;
	email: string;
	name: string;
	role: Role;
	/** Set exactly when `role === 'client'`. */
	clientId: string | null;
	passwordHash: string;
	disabledAt: string | null;
	/** The last successful sign-in, or null before the first. */
	lastLoginAt: string | null;
	createdAt: string;
}

export type NewUser = Omit<User, 'id' | 'createdAt' | 'disabledAt' | 'lastLoginAt'> & {
	id?: string;
};

/** A client of the firm (dossier). See `ClientFields` for what each detail means. */
export interface Client {
	id: string;
	firmId: string;
	name: string;
	siren: string | null;
	closingDate: string;
	/** Null for clients recorded before the field existed, until someone fills it in. */
	vatRegime: VatRegime | null;
	/** Null as `vatRegime`. */
	managerId: string | null;
	/** The client's own CA3 day of the month (1 to 28); null for the firm's default. */
	vatDueDay: number | null;
	archivedAt: string | null;
	createdAt: string;
}

/** Details left out default to none (and the closing date to 31/12). */
export type NewClient = { id?: string; firmId: string; name: string } & Partial<
	Pick<Client, 'siren' | 'closingDate' | 'vatRegime' | 'managerId' | 'vatDueDay'>
>;

/** `vatDueDay` left out keeps the stored one (a form that does not ask for it). */
export type ClientUpdate = Pick<
	Client,
	'name' | 'siren' | 'closingDate' | 'vatRegime' | 'managerId'
> & { vatDueDay?: number | null };

/** A signed-in browser. `id` is the SHA-256 of the cookie's secret, never the secret itself. */
export interface Session {
	id: string;
	userId: string;
	createdAt: string;
	expiresAt: string;
	lastSeenAt: string;
}

/** What is stored of one Yjs document: the last compacted snapshot and the updates since. */
export interface StoredDocument {
	snapshot: Uint8Array | null;
	/** In append order. */
	updates: Uint8Array[];
}

/** A file deposited in the GED. The bytes live on disk, content-addressed by `sha256`. */
export interface StoredFile {
	id: string;
	firmId: string;
	clientId: string;
	requestId: string | null;
	sha256: string;
	size: number;
	mime: string;
	name: string;
	gedPath: string;
	uploadedBy: string;
	createdAt: string;
}

export type NewFile = Omit<StoredFile, 'id' | 'createdAt'> & { id?: string };

export interface AuditEntry {
	id: number;
	firmId: string | null;
	userId: string | null;
	/**
	 * An {@link AuditAction} for every entry this version writes; a database written by an older
	 * version may still hold its earlier free-form names, so a read is not narrowed.
	 */
	action: string;
	target: string | null;
	detail: string | null;
	at: string;
}

/** A single-use link (invitation or password reset). `id` is the SHA-256 of the link's secret. */
export interface UserLink {
	id: string;
	userId: string;
	purpose: LinkPurpose;
	createdBy: string | null;
	createdAt: string;
	expiresAt: string;
	usedAt: string | null;
	revokedAt: string | null;
}

export type NewUserLink = Omit<UserLink, 'createdAt' | 'usedAt' | 'revokedAt'>;

/**
 * A reminder's sign-in link (issue 13): it opens its contact's portal, again and again until it
 * expires (`usedAt` is the last use, not an end). `id` is the SHA-256 of the secret; a new link
 * never revokes the contact's others, so last week's e-mail keeps working.
 */
export interface SigninLink {
	id: string;
	userId: string;
	createdBy: string | null;
	createdAt: string;
	expiresAt: string;
	usedAt: string | null;
	revokedAt: string | null;
}

export type NewSigninLinkRecord = Omit<SigninLink, 'createdAt' | 'usedAt' | 'revokedAt'>;

/** What `redeemLink` did: `valid` means the password was set and the link consumed. */
export type RedeemResult = { state: LinkState; user: User | null };

/** What a service writes: one of the typed actions, never a free string. */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'action'> & { action: AuditAction };

export type { NewRequestEvent, RequestEvent } from '../../domain/activity.ts';

/** Which request events to read: every criterion given must hold. */
export interface EventQuery {
	firmId: string;
	clientId?: string;
	requestId?: string;
	/** Only events of these tasks; an empty list matches none. */
	taskIds?: readonly string[];
	actorId?: string;
	actorRole?: string;
	/** Only these kinds; an empty list matches none. */
	kinds?: readonly string[];
	excludeKinds?: readonly string[];
	/** Only events this user has not marked read. */
	unreadBy?: string;
	/** Only events older than this `seq` (paging, newest first). */
	beforeSeq?: number;
}

/**
 * `pending` until it ran (`done`) or was given up (`failed`). A pending job whose `lockedUntil` is
 * in the future is running on the instance `lockedBy`; once that lease has passed (the instance
 * died), any instance may claim it again.
 */
export type JobState = 'pending' | 'done' | 'failed';

/** One unit of background work (DESIGN §11), idempotent by `key`. */
export interface Job {
	id: string;
	/** Unique in the store, forever: the same key enqueued again is the same job. */
	key: string;
	/** Which handler runs it. */
	kind: string;
	/** JSON-serialisable input of the handler. */
	payload: unknown;
	state: JobState;
	/** When it is due (next due, for a recurring job). */
	runAt: string;
	/** Claims so far (of this occurrence, for a recurring job): the attempt under way counts. */
	attempts: number;
	lockedBy: string | null;
	lockedUntil: string | null;
	lastError: string | null;
	createdAt: string;
	/** When it last completed or was given up. */
	finishedAt: string | null;
}

export type NewJob = { key: string; kind: string; payload?: unknown; runAt: string };

/** What a scheduler asks for: up to `limit` due jobs of these kinds, leased to it until `lockedUntil`. */
export interface JobClaim {
	owner: string;
	now: string;
	lockedUntil: string;
	kinds: readonly string[];
	limit: number;
}

export interface MailAddress {
	name: string;
	address: string;
}

/**
 * One e-mail in the outbox, written before it is sent (DESIGN §11), unique by `idempotencyKey`:
 * the same key added again is the same message, so a retried reminder pass never mails twice.
 */
export interface OutboxMessage {
	id: string;
	firmId: string;
	idempotencyKey: string;
	/** What the message is (`reminder`, `invitation`…), for the firm's lists. */
	kind: string;
	to: MailAddress;
	replyTo: MailAddress | null;
	subject: string;
	text: string;
	html: string;
	state: OutboxState;
	/** Sending attempts so far (the one under way counts). */
	attempts: number;
	/** When a `pending` message is (next) due; null once sent, given up or kept unsent. */
	nextAttemptAt: string | null;
	lockedBy: string | null;
	lockedUntil: string | null;
	/** Why the last attempt failed, in words the firm can read. */
	lastError: string | null;
	createdAt: string;
	sentAt: string | null;
}

export type NewOutboxMessage = Pick<
	OutboxMessage,
	'firmId' | 'idempotencyKey' | 'kind' | 'to' | 'subject' | 'text' | 'html'
> & {
	id?: string;
	replyTo?: MailAddress | null;
	/** `unsent` when no SMTP server is configured: kept for the « Boîte d'envoi », never sent. */
	state: 'pending' | 'unsent';
	/** When it is first due (usually now). */
	sendAt: string;
};

/** What a deliverer asks for: up to `limit` due pending messages, leased to it until `lockedUntil`. */
export type OutboxClaim = Omit<JobClaim, 'kinds'>;

/** One of a firm's « Modèles de demandes », in the firm's order (`position`). */
export interface StoredTemplate extends RequestTemplate {
	id: string;
	firmId: string;
	position: number;
	createdAt: string;
	updatedAt: string;
}

/**
 * What a recurring rule made for one client and period (`periodKey` as `TVA:2026-11`), claimed
 * before the task is written. `taskId` is derived from the key, so a retry after a crash between
 * the claim and the task finds or writes the same task; `doneAt` is set once the task and its
 * requests are in their documents.
 */
export interface RecurringWork {
	clientId: string;
	periodKey: string;
	firmId: string;
	taskId: string;
	claimedAt: string;
	doneAt: string | null;
}

/** « Ne pas relancer » on a client: indefinitely (`until` null) or through `until` included. */
export interface ReminderPause {
	clientId: string;
	firmId: string;
	/** `YYYY-MM-DD`, or null for indefinitely. */
	until: string | null;
	byUserId: string | null;
	at: string;
}

/** « Ne pas relancer cette demande ». */
export interface ReminderOptOut {
	requestId: string;
	clientId: string;
	firmId: string;
	byUserId: string | null;
	at: string;
}

/** One digest sent (queued) to one contact, and the requests it listed (issue 13). */
export interface Reminder {
	id: string;
	firmId: string;
	clientId: string;
	contactUserId: string;
	/** Its outbox message: the delivery state is that message's. */
	outboxId: string;
	trigger: 'auto' | 'manual';
	/** Who clicked « Relancer »; null for the daily pass. */
	byUserId: string | null;
	at: string;
	/** The Paris calendar date it counts for (one digest per contact per day). */
	parisDate: string;
	requestIds: string[];
}

export type NewReminder = Omit<Reminder, 'id' | 'outboxId'> & { id?: string };

/**
 * A digest to queue with everything recorded with it (`addReminders`): its outbox message, its
 * reminder (with its id when `events` name it), the sign-in link the message carries and that
 * link's audit entry, and the events it adds to the requests' timelines (« Relance envoyée »).
 */
export interface NewReminderDigest {
	message: NewOutboxMessage;
	reminder: NewReminder;
	signinLink: NewSigninLinkRecord;
	audit: NewAuditEntry;
	events: NewRequestEvent[];
}

/**
 * What `addReminders` did with one digest: `created` when it wrote it; else `message` is the one
 * queued earlier under its key (with `reminder`, the reminder recorded with it, or null if that
 * message was no reminder), or null when the contact is no longer an active client.
 */
export interface AddedReminder {
	message: OutboxMessage | null;
	reminder: Reminder | null;
	created: boolean;
}

/**
 * Everything Navette keeps outside Yjs, plus the durable log of Yjs updates. Every method is async
 * so that a networked implementation (PostgreSQL) fits the same contract; the contract suite in
 * `tests/contract/` runs against each implementation.
 */
export interface Store {
	readonly kind: 'sqlite' | 'postgres';
	close(): Promise<void>;
	/** True when the store holds no firm yet (first start: seed or setup). */
	isEmpty(): Promise<boolean>;

	createFirm(input: { id?: string; name: string }): Promise<Firm>;
	/**
	 * First run: creates the firm and its first administrator in one transaction, only while the
	 * store holds no firm at all; resolves `null` (and writes nothing) once any firm exists, so
	 * that two concurrent setups cannot both succeed.
	 */
	setupFirm(input: {
		firmName: string;
		admin: { name: string; email: string; passwordHash: string };
	}): Promise<{ firm: Firm; user: User } | null>;
	getFirm(id: string): Promise<Firm | null>;
	/** Every firm, oldest first (the daily reminder and recurring passes go through them). */
	listFirms(): Promise<Firm[]>;

	/** Rejects with an error whose `code` is `'EMAIL_TAKEN'` when the address is in use. */
	createUser(input: NewUser): Promise<User>;
	getUser(id: string): Promise<User | null>;
	getUserByEmail(email: string): Promise<User | null>;
	listUsers(firmId: string): Promise<User[]>;
	setUserDisabled(id: string, disabled: boolean): Promise<void>;
	recordLogin(id: string, at: string): Promise<void>;
	/** Between staff roles only: a client user never becomes staff, nor the reverse. */
	setStaffRole(id: string, role: 'admin' | 'collaborator'): Promise<void>;

	/**
	 * Stores a new single-use link and revokes that user's other pending links of the same purpose
	 * (a resent invitation makes the previous one unusable), in one transaction.
	 */
	createLink(input: NewUserLink): Promise<UserLink>;
	getLink(id: string): Promise<UserLink | null>;
	/** The user's links, newest first. */
	listLinks(userId: string): Promise<UserLink[]>;
	/** Revokes the user's pending (unused, unrevoked) links; returns how many. */
	revokeLinks(userId: string): Promise<number>;
	/**
	 * Consumes a link atomically: when it is valid at `now` (linkState), sets the user's password
	 * hash, marks the link used and deletes the user's sessions (a reset ends the old ones). Any
	 * other state changes nothing. A disabled user's link answers `revoked`.
	 */
	redeemLink(id: string, passwordHash: string, now: string): Promise<RedeemResult>;

	/** Stores a reminder's sign-in link; the user's other sign-in links stay as they are. */
	createSigninLink(input: NewSigninLinkRecord): Promise<SigninLink>;
	getSigninLink(id: string): Promise<SigninLink | null>;
	/** The user's sign-in links, newest first. */
	listSigninLinks(userId: string): Promise<SigninLink[]>;
	/** Records a use of the link (`usedAt` = `at`); it stays usable. A no-op for an unknown id. */
	recordSigninLinkUse(id: string, at: string): Promise<void>;
	/** Revokes the user's unrevoked sign-in links, used or not; returns how many. */
	revokeSigninLinks(userId: string): Promise<number>;
	/** Deletes the sign-in links expired at `now` (the scheduler's purge); returns how many. */
	deleteExpiredSigninLinks(now: string): Promise<number>;

	createClient(input: NewClient): Promise<Client>;
	/** All or none, in one transaction (an import). */
	createClients(inputs: NewClient[]): Promise<Client[]>;
	getClient(id: string): Promise<Client | null>;
	/** Archived ones included, by name. */
	listClients(firmId: string): Promise<Client[]>;
	/** A no-op for an unknown id. */
	updateClient(id: string, fields: ClientUpdate): Promise<void>;
	/** Archiving keeps everything; unarchiving restores the client as it was. */
	setClientArchived(id: string, archived: boolean): Promise<void>;

	createSession(input: { id: string; userId: string; expiresAt: string }): Promise<Session>;
	getSession(id: string): Promise<Session | null>;
	/** Slides the expiry forward; a no-op for an unknown id. */
	touchSession(id: string, expiresAt: string): Promise<void>;
	deleteSession(id: string): Promise<void>;
	deleteUserSessions(userId: string): Promise<void>;
	deleteExpiredSessions(now: string): Promise<number>;

	/**
	 * Appends one Yjs update to the document's log, durably: when the promise resolves the update
	 * survives a crash of the process (SQLite WAL + synchronous=FULL; PostgreSQL synchronous_commit).
	 */
	appendUpdate(documentName: string, update: Uint8Array): Promise<void>;
	/** Several appends in one transaction, durable together (new documents created in bulk). */
	appendUpdates(entries: { documentName: string; update: Uint8Array }[]): Promise<void>;
	/** `null` when nothing was ever stored under that name. */
	loadDocument(documentName: string): Promise<StoredDocument | null>;
	/**
	 * Replaces the snapshot by `merge([snapshot, ...updates])` and drops exactly the updates it
	 * merged, atomically: updates appended meanwhile stay in the log. `merge` may be asynchronous
	 * (the server merges large documents in a worker thread, off the event loop); when another
	 * compaction of the same document got there first, this one writes nothing.
	 */
	compactDocument(
		documentName: string,
		merge: (parts: Uint8Array[]) => Uint8Array | Promise<Uint8Array>
	): Promise<void>;
	/** Number of log entries not yet compacted (for tests and metrics). */
	countUpdates(documentName: string): Promise<number>;

	createFile(input: NewFile): Promise<StoredFile>;
	getFile(id: string): Promise<StoredFile | null>;
	/** Every file of the firm, by GED path. */
	listFiles(firmId: string): Promise<StoredFile[]>;
	/** Files it elsewhere in the GED; a no-op for an unknown id. */
	moveFile(id: string, gedPath: string): Promise<void>;

	appendAudit(entry: NewAuditEntry): Promise<void>;
	listAudit(firmId: string, limit: number): Promise<AuditEntry[]>;

	/** Drops links that expired at or before `before` (used and revoked ones included); how many. */
	deleteExpiredLinks(before: string): Promise<number>;

	/**
	 * Adds a pending job unless one with that key exists, whatever its state (then nothing changes):
	 * enqueuing twice, from two instances or after a restart, makes one job.
	 */
	enqueueJob(input: NewJob): Promise<{ job: Job; created: boolean }>;
	getJob(key: string): Promise<Job | null>;
	/**
	 * Drops jobs done or given up at or before `before`; how many. Their keys may then be enqueued
	 * anew, so `before` must be older than any key a caller could still produce (a day's key is
	 * not enqueued again months later).
	 */
	deleteFinishedJobs(before: string): Promise<number>;
	/**
	 * Leases due jobs to `owner`, oldest due first: pending, `runAt <= now`, of one of `kinds`, and
	 * not leased to anyone until after `now`. Atomic across instances (SQLite: one write
	 * transaction; PostgreSQL: `FOR UPDATE SKIP LOCKED`), so no job is handed to two owners whose
	 * leases overlap. Each claim counts one attempt.
	 */
	claimJobs(claim: JobClaim): Promise<Job[]>;
	/**
	 * Marks `owner`'s job done, or, with `nextRunAt` (a recurring job), pending again at that
	 * instant with its attempts reset. False (and nothing written) when the job is no longer leased
	 * to `owner`.
	 */
	completeJob(
		id: string,
		owner: string,
		outcome: { at: string; nextRunAt?: string | null }
	): Promise<boolean>;
	/**
	 * Releases `owner`'s job after a failure: pending again at `retryAt`, or `failed` for good when
	 * `retryAt` is null. False when the job is no longer leased to `owner`.
	 */
	failJob(
		id: string,
		owner: string,
		failure: { at: string; error: string; retryAt: string | null }
	): Promise<boolean>;

	/**
	 * Adds a message unless one with that idempotency key exists (then returns it unchanged). The
	 * caller sends nothing itself: a deliverer claims it.
	 */
	addOutboxMessage(input: NewOutboxMessage): Promise<{ message: OutboxMessage; created: boolean }>;
	getOutboxMessage(id: string): Promise<OutboxMessage | null>;
	/** Leases due pending messages to `owner`, as `claimJobs` does; each claim counts one attempt. */
	claimOutbox(claim: OutboxClaim): Promise<OutboxMessage[]>;
	/**
	 * Records that the SMTP server accepted a pending message (whoever holds its lease: it was
	 * sent). False when it was not pending any more.
	 */
	markOutboxSent(id: string, at: string): Promise<boolean>;
	/**
	 * Records `owner`'s failed attempt: pending again at `retryAt`, or `failed` for good when it is
	 * null. False when the message is no longer leased to `owner` or not pending.
	 */
	markOutboxFailed(
		id: string,
		owner: string,
		failure: { at: string; error: string; retryAt: string | null }
	): Promise<boolean>;
	/** The firm's messages, newest first (the « Boîte d'envoi »). */
	listOutbox(firmId: string, limit: number): Promise<OutboxMessage[]>;
	/**
	 * Records events in one transaction and returns those stored, in order, with their `seq`. A
	 * second `opened` of one request by one actor is skipped (recorded once, whoever races).
	 */
	appendRequestEvents(events: NewRequestEvent[]): Promise<RequestEvent[]>;
	/** Newest first (by `seq`), at most `limit`. */
	listRequestEvents(query: EventQuery, limit: number): Promise<RequestEvent[]>;
	countRequestEvents(query: EventQuery): Promise<number>;
	/**
	 * Marks events of that firm read by the user (ids of another firm, or unknown, are ignored);
	 * returns how many were not read before.
	 */
	markEventsRead(userId: string, firmId: string, eventIds: readonly string[]): Promise<number>;
	/** Which of these events the user has read. */
	readEventIds(userId: string, eventIds: readonly string[]): Promise<string[]>;

	/**
	 * Gives the firm `templates` the first time it is called for that firm, atomically (two
	 * instances at once seed once); true when it seeded. Later calls change nothing, so that a
	 * template an administrator deleted never comes back.
	 */
	seedRequestTemplates(
		firmId: string,
		templates: readonly RequestTemplate[],
		at: string
	): Promise<boolean>;
	/** The firm's templates, in its order. */
	listRequestTemplates(firmId: string): Promise<StoredTemplate[]>;
	getRequestTemplate(id: string): Promise<StoredTemplate | null>;
	/** Adds a template after the firm's others. */
	createRequestTemplate(
		firmId: string,
		template: RequestTemplate,
		at: string
	): Promise<StoredTemplate>;
	/** A no-op for an unknown id. */
	updateRequestTemplate(id: string, template: RequestTemplate, at: string): Promise<void>;
	/** A no-op for an unknown id. */
	deleteRequestTemplate(id: string): Promise<void>;

	/**
	 * Claims a client's period for its recurring task: `INSERT … ON CONFLICT DO NOTHING` on
	 * (client, period key), then the row. `created` is true for exactly one caller ever, across
	 * instances; the others get the first claim as it is (its `taskId`, its `doneAt`).
	 */
	claimRecurringWork(input: {
		firmId: string;
		clientId: string;
		periodKey: string;
		taskId: string;
		at: string;
	}): Promise<{ work: RecurringWork; created: boolean }>;
	/** Records that the task and its requests are written; the first date stays. */
	completeRecurringWork(clientId: string, periodKey: string, at: string): Promise<void>;
	/** The firm's claims, newest first. */
	listRecurringWork(firmId: string): Promise<RecurringWork[]>;
	/** A firm's setting (parsed JSON), or undefined when never set. */
	getFirmSetting(firmId: string, key: string): Promise<unknown>;
	/** Sets (replaces) a firm's setting; `value` is stored as JSON. */
	setFirmSetting(firmId: string, key: string, value: unknown, at: string): Promise<void>;

	/** Pauses the client's reminders (replacing any pause it had). */
	setReminderPause(pause: ReminderPause): Promise<void>;
	/** Lifts the client's pause; a no-op when it had none. */
	deleteReminderPause(clientId: string): Promise<void>;
	listReminderPauses(firmId: string): Promise<ReminderPause[]>;
	/** Marks a request « Ne pas relancer » (idempotent). */
	setReminderOptOut(optOut: ReminderOptOut): Promise<void>;
	deleteReminderOptOut(requestId: string): Promise<void>;
	/** The firm's opted-out requests, or one client's. */
	listReminderOptOuts(firmId: string, clientId?: string): Promise<ReminderOptOut[]>;
	/**
	 * Queues digests with everything recorded with them, all in one transaction (a crash leaves
	 * all or none), in idempotency key order (two batches sharing keys lock them in one order).
	 * For each, in the input's order: when its contact is no longer an active client, nothing
	 * (no link for a deactivated contact); when its key exists already (that contact had its
	 * digest today), nothing, `created` false and the earlier message and reminder; else the
	 * message, the reminder and its requests, the sign-in link, its audit entry and the events.
	 */
	addReminders(digests: NewReminderDigest[]): Promise<AddedReminder[]>;
	/**
	 * The firm's reminders (or one client's, or one Paris day's), newest first, each with its
	 * request ids; 1,000 at most unless `limit` says otherwise.
	 */
	listReminders(
		firmId: string,
		options?: { clientId?: string; parisDate?: string; limit?: number }
	): Promise<Reminder[]>;
	/** Every (request, instant) a reminder of the firm included: what the cadence counts. */
	listReminderSends(firmId: string): Promise<{ requestId: string; at: string }[]>;
}
