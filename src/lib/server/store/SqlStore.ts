import type {
	AddedReminder,
	AuditEntry,
	Job,
	JobClaim,
	NewJob,
	NewOutboxMessage,
	NewReminderDigest,
	OutboxClaim,
	OutboxMessage,
	Reminder,
	ReminderOptOut,
	ReminderPause,
	Client,
	ClientUpdate,
	EventQuery,
	Firm,
	NewAuditEntry,
	NewClient,
	NewFile,
	NewRequestEvent,
	NewUser,
	NewSigninLinkRecord,
	NewUserLink,
	RecurringWork,
	RedeemResult,
	RequestEvent,
	Session,
	SigninLink,
	Store,
	StoredDocument,
	StoredFile,
	StoredTemplate,
	User,
	UserLink
} from './Store.ts';
import type { RequestTemplate } from '../../domain/request-templates.ts';
import { linkState } from '../../domain/invitations.ts';
import { DocumentLog } from './DocumentLog.ts';
import { EventTable } from './EventTable.ts';
import { JobTable } from './JobTable.ts';
import { OutboxTable } from './OutboxTable.ts';
import { RecurringTable } from './RecurringTable.ts';
import { ReminderTable } from './ReminderTable.ts';
import { insertAudit, insertSigninLink } from './store-inserts.ts';
import { LOCKS, type Queries, type SqlDatabase } from './sql-database.ts';
import {
	newClient,
	newFile,
	newFirm,
	newLink,
	newSession,
	newSigninLink,
	newUser
} from './store-records.ts';
import {
	toAudit,
	toClient,
	toFile,
	toFirm,
	toLink,
	toSession,
	toSigninLink,
	toUser
} from './store-rows.ts';
import {
	byName,
	EmailTakenError,
	isoInstant,
	normaliseEmail,
	nowIso,
	rowLimit
} from './store-rules.ts';

/**
 * `Store` over either SQL dialect: every query written once, with `?` placeholders, over the
 * `SqlDatabase` seam (`SqliteDatabase`, `PostgresDatabase`), which says what differs. Every write
 * is one autocommitted statement or one transaction, committed durably before its promise
 * resolves; read-then-write transactions run in `write` mode (SQLite's write lock; PostgreSQL's
 * advisory lock or `FOR UPDATE` on the rows read). Inside a transaction, statements go through
 * its `tx`, never through the database (on SQLite they would wait for the transaction to end).
 */
export class SqlStore implements Store {
	readonly kind: 'sqlite' | 'postgres';
	protected readonly db: SqlDatabase;
	readonly #documents: DocumentLog;
	readonly #jobs: JobTable;
	readonly #outbox: OutboxTable;
	readonly #events: EventTable;
	readonly #recurring: RecurringTable;
	readonly #reminders: ReminderTable;

	protected constructor(db: SqlDatabase) {
		this.db = db;
		this.kind = db.kind;
		this.#documents = new DocumentLog(db);
		this.#jobs = new JobTable(db);
		this.#outbox = new OutboxTable(db);
		this.#events = new EventTable(db);
		this.#recurring = new RecurringTable(db);
		this.#reminders = new ReminderTable(db, this.#outbox, this.#events);
	}

	async close(): Promise<void> {
		await this.db.close();
	}

	async isEmpty(): Promise<boolean> {
		return (await this.db.get('SELECT 1 AS one FROM firms LIMIT 1')) === undefined;
	}

	async createFirm(input: { id?: string; name: string }): Promise<Firm> {
		const firm = newFirm(input);
		await insertFirm(this.db, firm);
		return firm;
	}

	/** The write transaction (and its lock) makes "no firm yet" and the inserts one step. */
	async setupFirm(input: {
		firmName: string;
		admin: { name: string; email: string; passwordHash: string };
	}): Promise<{ firm: Firm; user: User } | null> {
		return this.db.transaction(
			async (tx) => {
				if (await tx.get('SELECT 1 AS one FROM firms LIMIT 1')) return null;
				const firm = newFirm({ name: input.firmName });
				const user = newUser({ ...input.admin, firmId: firm.id, role: 'admin', clientId: null });
				await insertFirm(tx, firm);
				await this.#insertUser(tx, user);
				return { firm, user };
			},
			{ lock: LOCKS.setup }
		);
	}

	async listFirms(): Promise<Firm[]> {
		const rows = await this.db.all('SELECT * FROM firms ORDER BY created_at, id');
		return rows.map(toFirm);
	}

	async getFirm(id: string): Promise<Firm | null> {
		const row = await this.db.get('SELECT * FROM firms WHERE id = ?', id);
		return row ? toFirm(row) : null;
	}

	async createUser(input: NewUser): Promise<User> {
		const user = newUser(input);
		await this.#insertUser(this.db, user);
		return user;
	}

	/** The schema enforces the rest: role, clientId set iff client, a client of the same firm. */
	async #insertUser(db: Queries, user: User): Promise<void> {
		try {
			await db.run(
				`INSERT INTO users (id, firm_id, email, name, role, client_id, password_hash, created_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				user.id,
				user.firmId,
				user.email,
				user.name,
				user.role,
				user.clientId,
				user.passwordHash,
				user.createdAt
			);
		} catch (error) {
			if (this.db.isUniqueViolation(error, 'users', 'email')) {
				throw new EmailTakenError({ cause: error });
			}
			throw error;
		}
	}

	async getUser(id: string): Promise<User | null> {
		const row = await this.db.get('SELECT * FROM users WHERE id = ?', id);
		return row ? toUser(row) : null;
	}

	async getUserByEmail(email: string): Promise<User | null> {
		const row = await this.db.get('SELECT * FROM users WHERE email = ?', normaliseEmail(email));
		return row ? toUser(row) : null;
	}

	async listUsers(firmId: string): Promise<User[]> {
		const rows = await this.db.all('SELECT * FROM users WHERE firm_id = ?', firmId);
		return byName(rows.map(toUser));
	}

	/** Disabling an already disabled user keeps the first date: it says since when. */
	async setUserDisabled(id: string, disabled: boolean): Promise<void> {
		if (disabled) {
			await this.db.run(
				'UPDATE users SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?',
				nowIso(),
				id
			);
		} else {
			await this.db.run('UPDATE users SET disabled_at = NULL WHERE id = ?', id);
		}
	}

	async setStaffRole(id: string, role: 'admin' | 'collaborator'): Promise<void> {
		await this.db.run(
			"UPDATE users SET role = ? WHERE id = ? AND role IN ('admin', 'collaborator')",
			role,
			id
		);
	}

	async recordLogin(id: string, at: string): Promise<void> {
		await this.db.run('UPDATE users SET last_login_at = ? WHERE id = ?', isoInstant(at), id);
	}

	async createLink(input: NewUserLink): Promise<UserLink> {
		const link = newLink(input);
		await this.db.transaction(async (tx) => {
			await tx.run(
				`UPDATE user_links SET revoked_at = ?
				 WHERE user_id = ? AND purpose = ? AND used_at IS NULL AND revoked_at IS NULL`,
				link.createdAt,
				link.userId,
				link.purpose
			);
			await tx.run(
				`INSERT INTO user_links (id, user_id, purpose, created_by, created_at, expires_at)
				 VALUES (?, ?, ?, ?, ?, ?)`,
				link.id,
				link.userId,
				link.purpose,
				link.createdBy,
				link.createdAt,
				link.expiresAt
			);
		});
		return link;
	}

	async getLink(id: string): Promise<UserLink | null> {
		const row = await this.db.get('SELECT * FROM user_links WHERE id = ?', id);
		return row ? toLink(row) : null;
	}

	async listLinks(userId: string): Promise<UserLink[]> {
		const rows = await this.db.all(
			'SELECT * FROM user_links WHERE user_id = ? ORDER BY created_at DESC, id',
			userId
		);
		return rows.map(toLink);
	}

	async revokeLinks(userId: string): Promise<number> {
		const { changes } = await this.db.run(
			`UPDATE user_links SET revoked_at = ?
			 WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL`,
			nowIso(),
			userId
		);
		return changes;
	}

	/** The link's and the user's rows are locked as read, so that two instances cannot both use it. */
	async redeemLink(id: string, passwordHash: string, now: string): Promise<RedeemResult> {
		const at = isoInstant(now);
		const forUpdate = this.db.forUpdate;
		return this.db.transaction(async (tx) => {
			const row = await tx.get(`SELECT * FROM user_links WHERE id = ?${forUpdate}`, id);
			const link = row ? toLink(row) : null;
			const userRow = link
				? await tx.get(`SELECT * FROM users WHERE id = ?${forUpdate}`, link.userId)
				: undefined;
			const user = userRow ? toUser(userRow) : null;
			let state = linkState(link, Date.parse(at));
			if (state === 'valid' && (!user || user.disabledAt)) state = 'revoked';
			if (state !== 'valid' || !user) return { state, user: null };
			await tx.run('UPDATE user_links SET used_at = ? WHERE id = ?', at, id);
			await tx.run('UPDATE users SET password_hash = ? WHERE id = ?', passwordHash, user.id);
			await tx.run('DELETE FROM sessions WHERE user_id = ?', user.id);
			return { state, user: { ...user, passwordHash } };
		});
	}

	async createSigninLink(input: NewSigninLinkRecord): Promise<SigninLink> {
		const link = newSigninLink(input);
		await insertSigninLink(this.db, link);
		return link;
	}

	async getSigninLink(id: string): Promise<SigninLink | null> {
		const row = await this.db.get('SELECT * FROM signin_links WHERE id = ?', id);
		return row ? toSigninLink(row) : null;
	}

	async listSigninLinks(userId: string): Promise<SigninLink[]> {
		const rows = await this.db.all(
			'SELECT * FROM signin_links WHERE user_id = ? ORDER BY created_at DESC, id',
			userId
		);
		return rows.map(toSigninLink);
	}

	async recordSigninLinkUse(id: string, at: string): Promise<void> {
		await this.db.run('UPDATE signin_links SET used_at = ? WHERE id = ?', isoInstant(at), id);
	}

	async revokeSigninLinks(userId: string): Promise<number> {
		const { changes } = await this.db.run(
			'UPDATE signin_links SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL',
			nowIso(),
			userId
		);
		return changes;
	}

	async deleteExpiredSigninLinks(now: string): Promise<number> {
		const { changes } = await this.db.run(
			'DELETE FROM signin_links WHERE expires_at <= ?',
			isoInstant(now)
		);
		return changes;
	}

	async createClient(input: NewClient): Promise<Client> {
		const [client] = await this.createClients([input]);
		return client!;
	}

	async createClients(inputs: NewClient[]): Promise<Client[]> {
		const clients = inputs.map(newClient);
		if (clients.length === 0) return clients;
		await this.db.insertMany(
			'clients',
			[
				'id',
				'firm_id',
				'name',
				'siren',
				'closing_date',
				'vat_regime',
				'manager_id',
				'vat_due_day',
				'created_at'
			],
			clients.map((c) => [
				c.id,
				c.firmId,
				c.name,
				c.siren,
				c.closingDate,
				c.vatRegime,
				c.managerId,
				c.vatDueDay,
				c.createdAt
			])
		);
		return clients;
	}

	async updateClient(id: string, fields: ClientUpdate): Promise<void> {
		const dueDay = fields.vatDueDay === undefined ? [] : [fields.vatDueDay];
		await this.db.run(
			`UPDATE clients SET name = ?, siren = ?, closing_date = ?, vat_regime = ?, manager_id = ?
			 ${dueDay.length ? ', vat_due_day = ?' : ''} WHERE id = ?`,
			fields.name,
			fields.siren,
			fields.closingDate,
			fields.vatRegime,
			fields.managerId,
			...dueDay,
			id
		);
	}

	/** As `setUserDisabled`, archiving twice keeps the first date. */
	async setClientArchived(id: string, archived: boolean): Promise<void> {
		if (archived) {
			await this.db.run(
				'UPDATE clients SET archived_at = COALESCE(archived_at, ?) WHERE id = ?',
				nowIso(),
				id
			);
		} else {
			await this.db.run('UPDATE clients SET archived_at = NULL WHERE id = ?', id);
		}
	}

	async getClient(id: string): Promise<Client | null> {
		const row = await this.db.get('SELECT * FROM clients WHERE id = ?', id);
		return row ? toClient(row) : null;
	}

	async listClients(firmId: string): Promise<Client[]> {
		const rows = await this.db.all('SELECT * FROM clients WHERE firm_id = ?', firmId);
		return byName(rows.map(toClient));
	}

	async createSession(input: { id: string; userId: string; expiresAt: string }): Promise<Session> {
		const session = newSession(input);
		await this.db.run(
			'INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
			session.id,
			session.userId,
			session.createdAt,
			session.expiresAt,
			session.lastSeenAt
		);
		return session;
	}

	async getSession(id: string): Promise<Session | null> {
		const row = await this.db.get('SELECT * FROM sessions WHERE id = ?', id);
		return row ? toSession(row) : null;
	}

	async touchSession(id: string, expiresAt: string): Promise<void> {
		await this.db.run(
			'UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE id = ?',
			isoInstant(expiresAt),
			nowIso(),
			id
		);
	}

	async deleteSession(id: string): Promise<void> {
		await this.db.run('DELETE FROM sessions WHERE id = ?', id);
	}

	async deleteUserSessions(userId: string): Promise<void> {
		await this.db.run('DELETE FROM sessions WHERE user_id = ?', userId);
	}

	/** A session whose expiry is `now` is expired, as `auth/sessions.ts` reads it. */
	async deleteExpiredSessions(now: string): Promise<number> {
		const { changes } = await this.db.run(
			'DELETE FROM sessions WHERE expires_at <= ?',
			isoInstant(now)
		);
		return changes;
	}

	appendUpdate(documentName: string, update: Uint8Array): Promise<void> {
		return this.#documents.append(documentName, update);
	}

	appendUpdates(entries: { documentName: string; update: Uint8Array }[]): Promise<void> {
		return this.#documents.appendMany(entries);
	}

	loadDocument(documentName: string): Promise<StoredDocument | null> {
		return this.#documents.load(documentName);
	}

	compactDocument(
		documentName: string,
		merge: (parts: Uint8Array[]) => Uint8Array | Promise<Uint8Array>
	): Promise<void> {
		return this.#documents.compact(documentName, merge);
	}

	countUpdates(documentName: string): Promise<number> {
		return this.#documents.count(documentName);
	}

	async createFile(input: NewFile): Promise<StoredFile> {
		const file = newFile(input);
		await this.db.run(
			`INSERT INTO files (id, firm_id, client_id, request_id, sha256, size, mime, name, ged_path,
			   uploaded_by, created_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			file.id,
			file.firmId,
			file.clientId,
			file.requestId,
			file.sha256,
			file.size,
			file.mime,
			file.name,
			file.gedPath,
			file.uploadedBy,
			file.createdAt
		);
		return file;
	}

	async getFile(id: string): Promise<StoredFile | null> {
		const row = await this.db.get('SELECT * FROM files WHERE id = ?', id);
		return row ? toFile(row) : null;
	}

	async listFiles(firmId: string): Promise<StoredFile[]> {
		const rows = await this.db.all(
			'SELECT * FROM files WHERE firm_id = ? ORDER BY ged_path, id',
			firmId
		);
		return rows.map(toFile);
	}

	async moveFile(id: string, gedPath: string): Promise<void> {
		await this.db.run('UPDATE files SET ged_path = ? WHERE id = ?', gedPath, id);
	}

	async appendAudit(entry: NewAuditEntry): Promise<void> {
		await insertAudit(this.db, entry);
	}

	/** Newest first by `id` (insertion order) rather than `at`, which two entries may share. */
	async listAudit(firmId: string, limit: number): Promise<AuditEntry[]> {
		const rows = await this.db.all(
			'SELECT * FROM audit_log WHERE firm_id = ? ORDER BY id DESC LIMIT ?',
			firmId,
			rowLimit(limit)
		);
		return rows.map(toAudit);
	}
	async deleteExpiredLinks(before: string): Promise<number> {
		const { changes } = await this.db.run(
			'DELETE FROM user_links WHERE expires_at <= ?',
			isoInstant(before)
		);
		return changes;
	}

	enqueueJob(input: NewJob): Promise<{ job: Job; created: boolean }> {
		return this.#jobs.enqueue(input);
	}

	getJob(key: string): Promise<Job | null> {
		return this.#jobs.get(key);
	}

	deleteFinishedJobs(before: string): Promise<number> {
		return this.#jobs.deleteFinished(before);
	}

	claimJobs(claim: JobClaim): Promise<Job[]> {
		return this.#jobs.claim(claim);
	}

	completeJob(
		id: string,
		owner: string,
		outcome: { at: string; nextRunAt?: string | null }
	): Promise<boolean> {
		return this.#jobs.complete(id, owner, outcome);
	}

	failJob(
		id: string,
		owner: string,
		failure: { at: string; error: string; retryAt: string | null }
	): Promise<boolean> {
		return this.#jobs.fail(id, owner, failure);
	}

	addOutboxMessage(input: NewOutboxMessage): Promise<{ message: OutboxMessage; created: boolean }> {
		return this.#outbox.add(input);
	}

	getOutboxMessage(id: string): Promise<OutboxMessage | null> {
		return this.#outbox.get(id);
	}

	claimOutbox(claim: OutboxClaim): Promise<OutboxMessage[]> {
		return this.#outbox.claim(claim);
	}

	markOutboxSent(id: string, at: string): Promise<boolean> {
		return this.#outbox.markSent(id, at);
	}

	markOutboxFailed(
		id: string,
		owner: string,
		failure: { at: string; error: string; retryAt: string | null }
	): Promise<boolean> {
		return this.#outbox.markFailed(id, owner, failure);
	}

	listOutbox(firmId: string, limit: number): Promise<OutboxMessage[]> {
		return this.#outbox.list(firmId, limit);
	}
	appendRequestEvents(events: NewRequestEvent[]): Promise<RequestEvent[]> {
		return this.#events.append(events);
	}

	listRequestEvents(query: EventQuery, limit: number): Promise<RequestEvent[]> {
		return this.#events.list(query, limit);
	}

	countRequestEvents(query: EventQuery): Promise<number> {
		return this.#events.count(query);
	}

	markEventsRead(userId: string, firmId: string, eventIds: readonly string[]): Promise<number> {
		return this.#events.markRead(userId, firmId, eventIds);
	}

	readEventIds(userId: string, eventIds: readonly string[]): Promise<string[]> {
		return this.#events.readIds(userId, eventIds);
	}

	seedRequestTemplates(
		firmId: string,
		templates: readonly RequestTemplate[],
		at: string
	): Promise<boolean> {
		return this.#recurring.seed(firmId, templates, at);
	}

	listRequestTemplates(firmId: string): Promise<StoredTemplate[]> {
		return this.#recurring.templates(firmId);
	}

	getRequestTemplate(id: string): Promise<StoredTemplate | null> {
		return this.#recurring.template(id);
	}

	createRequestTemplate(
		firmId: string,
		template: RequestTemplate,
		at: string
	): Promise<StoredTemplate> {
		return this.#recurring.create(firmId, template, at);
	}

	updateRequestTemplate(id: string, template: RequestTemplate, at: string): Promise<void> {
		return this.#recurring.update(id, template, at);
	}

	deleteRequestTemplate(id: string): Promise<void> {
		return this.#recurring.delete(id);
	}

	claimRecurringWork(input: {
		firmId: string;
		clientId: string;
		periodKey: string;
		taskId: string;
		at: string;
	}): Promise<{ work: RecurringWork; created: boolean }> {
		return this.#recurring.claim(input);
	}

	completeRecurringWork(clientId: string, periodKey: string, at: string): Promise<void> {
		return this.#recurring.complete(clientId, periodKey, at);
	}

	listRecurringWork(firmId: string): Promise<RecurringWork[]> {
		return this.#recurring.work(firmId);
	}

	getFirmSetting(firmId: string, key: string): Promise<unknown> {
		return this.#reminders.getSetting(firmId, key);
	}

	setFirmSetting(firmId: string, key: string, value: unknown, at: string): Promise<void> {
		return this.#reminders.setSetting(firmId, key, value, at);
	}

	setReminderPause(pause: ReminderPause): Promise<void> {
		return this.#reminders.setPause(pause);
	}

	deleteReminderPause(clientId: string): Promise<void> {
		return this.#reminders.deletePause(clientId);
	}

	listReminderPauses(firmId: string): Promise<ReminderPause[]> {
		return this.#reminders.listPauses(firmId);
	}

	setReminderOptOut(optOut: ReminderOptOut): Promise<void> {
		return this.#reminders.setOptOut(optOut);
	}

	deleteReminderOptOut(requestId: string): Promise<void> {
		return this.#reminders.deleteOptOut(requestId);
	}

	listReminderOptOuts(firmId: string, clientId?: string): Promise<ReminderOptOut[]> {
		return this.#reminders.listOptOuts(firmId, clientId);
	}

	addReminders(digests: NewReminderDigest[]): Promise<AddedReminder[]> {
		return this.#reminders.addMany(digests);
	}

	listReminders(
		firmId: string,
		options: { clientId?: string; parisDate?: string; limit?: number } = {}
	): Promise<Reminder[]> {
		return this.#reminders.list(firmId, options);
	}

	listReminderSends(firmId: string): Promise<{ requestId: string; at: string }[]> {
		return this.#reminders.sends(firmId);
	}
}

async function insertFirm(db: Queries, firm: Firm): Promise<void> {
	await db.run(
		'INSERT INTO firms (id, name, created_at) VALUES (?, ?, ?)',
		firm.id,
		firm.name,
		firm.createdAt
	);
}
