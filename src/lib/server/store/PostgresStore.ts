import type {
	AuditEntry,
	Job,
	JobClaim,
	NewJob,
	NewOutboxMessage,
	OutboxClaim,
	OutboxMessage,
	Client,
	ClientUpdate,
	Firm,
	NewAuditEntry,
	NewClient,
	NewFile,
	NewUser,
	NewUserLink,
	RedeemResult,
	Session,
	Store,
	StoredDocument,
	StoredFile,
	User,
	UserLink
} from './Store.ts';
import { postgresSeam } from './interim-seam.ts';
import { JobTable } from './JobTable.ts';
import { OutboxTable } from './OutboxTable.ts';
import { linkState } from '../../domain/invitations.ts';
import {
	isUniqueViolation,
	LOCKS,
	PostgresDatabase,
	type Transaction
} from './PostgresDatabase.ts';
import { PostgresDocumentLog } from './PostgresDocumentLog.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { newClient, newFile, newFirm, newLink, newSession, newUser } from './store-records.ts';
import { toAudit, toClient, toFile, toFirm, toLink, toSession, toUser } from './store-rows.ts';
import {
	byName,
	EmailTakenError,
	isoInstant,
	normaliseEmail,
	nowIso,
	rowLimit
} from './store-rules.ts';

/**
 * The store for several instances (DESIGN §1, scale-out): PostgreSQL through a `pg` pool, with
 * the same contract and the same records as `SqliteStore` (`store-records.ts`,
 * `store-rows.ts`). Every write is one autocommitted statement or one transaction under
 * `synchronous_commit = on`; read-then-write transactions that several instances could run at
 * once take an advisory lock or lock the row they read.
 */
export class PostgresStore implements Store {
	readonly kind = 'postgres';
	readonly #db: PostgresDatabase;
	readonly #jobs: JobTable;
	readonly #outbox: OutboxTable;
	readonly #documents: PostgresDocumentLog;

	private constructor(db: PostgresDatabase) {
		this.#db = db;
		this.#jobs = new JobTable(postgresSeam(db));
		this.#outbox = new OutboxTable(postgresSeam(db));
		this.#documents = new PostgresDocumentLog(db);
	}

	/** Connects to `url` (DATABASE_URL) and brings its schema up to date; see `PostgresDatabase.open`. */
	static async open(
		url: string,
		options: { schema?: string; max?: number } = {}
	): Promise<PostgresStore> {
		return new PostgresStore(await PostgresDatabase.open(url, POSTGRES_MIGRATIONS, options));
	}

	/** The connection's durability setting, as PostgreSQL reports it (tests and diagnostics). */
	async settings(): Promise<{ synchronousCommit: string }> {
		const row = await this.#db.get('SHOW synchronous_commit');
		return { synchronousCommit: String(row?.synchronous_commit) };
	}

	close(): Promise<void> {
		return this.#db.close();
	}

	async isEmpty(): Promise<boolean> {
		return (await this.#db.get('SELECT 1 AS one FROM firms LIMIT 1')) === undefined;
	}

	async createFirm(input: { id?: string; name: string }): Promise<Firm> {
		const firm = newFirm(input);
		await insertFirm(this.#db, firm);
		return firm;
	}

	/** The advisory lock makes "no firm yet" and the inserts one step across instances. */
	async setupFirm(input: {
		firmName: string;
		admin: { name: string; email: string; passwordHash: string };
	}): Promise<{ firm: Firm; user: User } | null> {
		return this.#db.transaction(
			async (tx) => {
				if (await tx.get('SELECT 1 AS one FROM firms LIMIT 1')) return null;
				const firm = newFirm({ name: input.firmName });
				const user = newUser({ ...input.admin, firmId: firm.id, role: 'admin', clientId: null });
				await insertFirm(tx, firm);
				await insertUser(tx, user);
				return { firm, user };
			},
			{ lock: LOCKS.setup }
		);
	}

	async getFirm(id: string): Promise<Firm | null> {
		const row = await this.#db.get('SELECT * FROM firms WHERE id = $1', id);
		return row ? toFirm(row) : null;
	}

	async createUser(input: NewUser): Promise<User> {
		const user = newUser(input);
		await insertUser(this.#db, user);
		return user;
	}

	async getUser(id: string): Promise<User | null> {
		const row = await this.#db.get('SELECT * FROM users WHERE id = $1', id);
		return row ? toUser(row) : null;
	}

	async getUserByEmail(email: string): Promise<User | null> {
		const row = await this.#db.get('SELECT * FROM users WHERE email = $1', normaliseEmail(email));
		return row ? toUser(row) : null;
	}

	async listUsers(firmId: string): Promise<User[]> {
		return byName(
			(await this.#db.all('SELECT * FROM users WHERE firm_id = $1', firmId)).map(toUser)
		);
	}

	async setUserDisabled(id: string, disabled: boolean): Promise<void> {
		if (disabled) {
			await this.#db.run(
				'UPDATE users SET disabled_at = COALESCE(disabled_at, $1) WHERE id = $2',
				nowIso(),
				id
			);
		} else {
			await this.#db.run('UPDATE users SET disabled_at = NULL WHERE id = $1', id);
		}
	}

	async setStaffRole(id: string, role: 'admin' | 'collaborator'): Promise<void> {
		await this.#db.run(
			"UPDATE users SET role = $1 WHERE id = $2 AND role IN ('admin', 'collaborator')",
			role,
			id
		);
	}

	async recordLogin(id: string, at: string): Promise<void> {
		await this.#db.run('UPDATE users SET last_login_at = $1 WHERE id = $2', isoInstant(at), id);
	}

	async createLink(input: NewUserLink): Promise<UserLink> {
		const link = newLink(input);
		await this.#db.transaction(async (tx) => {
			await tx.run(
				`UPDATE user_links SET revoked_at = $1
				 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL AND revoked_at IS NULL`,
				link.createdAt,
				link.userId,
				link.purpose
			);
			await tx.run(
				`INSERT INTO user_links (id, user_id, purpose, created_by, created_at, expires_at)
				 VALUES ($1, $2, $3, $4, $5, $6)`,
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
		const row = await this.#db.get('SELECT * FROM user_links WHERE id = $1', id);
		return row ? toLink(row) : null;
	}

	async listLinks(userId: string): Promise<UserLink[]> {
		const rows = await this.#db.all(
			'SELECT * FROM user_links WHERE user_id = $1 ORDER BY created_at DESC, id',
			userId
		);
		return rows.map(toLink);
	}

	async revokeLinks(userId: string): Promise<number> {
		const { changes } = await this.#db.run(
			`UPDATE user_links SET revoked_at = $1
			 WHERE user_id = $2 AND used_at IS NULL AND revoked_at IS NULL`,
			nowIso(),
			userId
		);
		return changes;
	}

	/** The link's row is locked (`FOR UPDATE`), so that two instances cannot both consume it. */
	async redeemLink(id: string, passwordHash: string, now: string): Promise<RedeemResult> {
		const at = isoInstant(now);
		return this.#db.transaction(async (tx) => {
			const row = await tx.get('SELECT * FROM user_links WHERE id = $1 FOR UPDATE', id);
			const link = row ? toLink(row) : null;
			const userRow = link
				? await tx.get('SELECT * FROM users WHERE id = $1 FOR UPDATE', link.userId)
				: undefined;
			const user = userRow ? toUser(userRow) : null;
			let state = linkState(link, Date.parse(at));
			if (state === 'valid' && (!user || user.disabledAt)) state = 'revoked';
			if (state !== 'valid' || !user) return { state, user: null };
			await tx.run('UPDATE user_links SET used_at = $1 WHERE id = $2', at, id);
			await tx.run('UPDATE users SET password_hash = $1 WHERE id = $2', passwordHash, user.id);
			await tx.run('DELETE FROM sessions WHERE user_id = $1', user.id);
			return { state, user: { ...user, passwordHash } };
		});
	}

	async createClient(input: NewClient): Promise<Client> {
		const client = newClient(input);
		await insertClient(this.#db, client);
		return client;
	}

	async createClients(inputs: NewClient[]): Promise<Client[]> {
		const clients = inputs.map(newClient);
		await this.#db.transaction(async (tx) => {
			for (const client of clients) await insertClient(tx, client);
		});
		return clients;
	}

	async getClient(id: string): Promise<Client | null> {
		const row = await this.#db.get('SELECT * FROM clients WHERE id = $1', id);
		return row ? toClient(row) : null;
	}

	async listClients(firmId: string): Promise<Client[]> {
		const rows = await this.#db.all('SELECT * FROM clients WHERE firm_id = $1', firmId);
		return byName(rows.map(toClient));
	}

	async updateClient(id: string, fields: ClientUpdate): Promise<void> {
		await this.#db.run(
			`UPDATE clients SET name = $1, siren = $2, closing_date = $3, vat_regime = $4, manager_id = $5
			 WHERE id = $6`,
			fields.name,
			fields.siren,
			fields.closingDate,
			fields.vatRegime,
			fields.managerId,
			id
		);
	}

	async setClientArchived(id: string, archived: boolean): Promise<void> {
		if (archived) {
			await this.#db.run(
				'UPDATE clients SET archived_at = COALESCE(archived_at, $1) WHERE id = $2',
				nowIso(),
				id
			);
		} else {
			await this.#db.run('UPDATE clients SET archived_at = NULL WHERE id = $1', id);
		}
	}

	async createSession(input: { id: string; userId: string; expiresAt: string }): Promise<Session> {
		const session = newSession(input);
		await this.#db.run(
			`INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at)
			 VALUES ($1, $2, $3, $4, $5)`,
			session.id,
			session.userId,
			session.createdAt,
			session.expiresAt,
			session.lastSeenAt
		);
		return session;
	}

	async getSession(id: string): Promise<Session | null> {
		const row = await this.#db.get('SELECT * FROM sessions WHERE id = $1', id);
		return row ? toSession(row) : null;
	}

	async touchSession(id: string, expiresAt: string): Promise<void> {
		await this.#db.run(
			'UPDATE sessions SET expires_at = $1, last_seen_at = $2 WHERE id = $3',
			isoInstant(expiresAt),
			nowIso(),
			id
		);
	}

	async deleteSession(id: string): Promise<void> {
		await this.#db.run('DELETE FROM sessions WHERE id = $1', id);
	}

	async deleteUserSessions(userId: string): Promise<void> {
		await this.#db.run('DELETE FROM sessions WHERE user_id = $1', userId);
	}

	async deleteExpiredSessions(now: string): Promise<number> {
		const { changes } = await this.#db.run(
			'DELETE FROM sessions WHERE expires_at <= $1',
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
		await this.#db.run(
			`INSERT INTO files (id, firm_id, client_id, request_id, sha256, size, mime, name, ged_path,
			   uploaded_by, created_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
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
		const row = await this.#db.get('SELECT * FROM files WHERE id = $1', id);
		return row ? toFile(row) : null;
	}

	async listFiles(firmId: string): Promise<StoredFile[]> {
		const rows = await this.#db.all(
			'SELECT * FROM files WHERE firm_id = $1 ORDER BY ged_path, id',
			firmId
		);
		return rows.map(toFile);
	}

	async moveFile(id: string, gedPath: string): Promise<void> {
		await this.#db.run('UPDATE files SET ged_path = $1 WHERE id = $2', gedPath, id);
	}

	async appendAudit(entry: NewAuditEntry): Promise<void> {
		await this.#db.run(
			`INSERT INTO audit_log (firm_id, user_id, action, target, detail, at)
			 VALUES ($1, $2, $3, $4, $5, $6)`,
			entry.firmId,
			entry.userId,
			entry.action,
			entry.target,
			entry.detail,
			nowIso()
		);
	}

	async listAudit(firmId: string, limit: number): Promise<AuditEntry[]> {
		const rows = await this.#db.all(
			'SELECT * FROM audit_log WHERE firm_id = $1 ORDER BY id DESC LIMIT $2',
			firmId,
			rowLimit(limit)
		);
		return rows.map(toAudit);
	}

	async deleteExpiredLinks(before: string): Promise<number> {
		const { changes } = await this.#db.run(
			'DELETE FROM user_links WHERE expires_at <= $1',
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
}

type Runner = Pick<Transaction, 'run'>;

async function insertFirm(db: Runner, firm: Firm): Promise<void> {
	await db.run(
		'INSERT INTO firms (id, name, created_at) VALUES ($1, $2, $3)',
		firm.id,
		firm.name,
		firm.createdAt
	);
}

/** The schema enforces the rest: role, clientId set iff client, a client of the same firm. */
async function insertUser(db: Runner, user: User): Promise<void> {
	try {
		await db.run(
			`INSERT INTO users (id, firm_id, email, name, role, client_id, password_hash, created_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
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
		if (isUniqueViolation(error, 'users_email_key')) throw new EmailTakenError({ cause: error });
		throw error;
	}
}

async function insertClient(db: Runner, client: Client): Promise<void> {
	await db.run(
		`INSERT INTO clients (id, firm_id, name, siren, closing_date, vat_regime, manager_id, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		client.id,
		client.firmId,
		client.name,
		client.siren,
		client.closingDate,
		client.vatRegime,
		client.managerId,
		client.createdAt
	);
}
