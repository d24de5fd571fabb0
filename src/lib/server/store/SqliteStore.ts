import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type {
	AuditEntry,
	Client,
	Firm,
	NewAuditEntry,
	NewFile,
	NewUser,
	Session,
	Store,
	StoredDocument,
	StoredFile,
	User
} from './Store.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import {
	normaliseEmail,
	toAudit,
	toBytes,
	toClient,
	toFile,
	toFirm,
	toSession,
	toUser,
	type Row
} from './sqlite-rows.ts';

const now = () => new Date().toISOString();

/**
 * The embedded store: one SQLite file through node:sqlite (no native build). WAL with
 * synchronous=FULL makes every committed row survive a crash of the process or the machine, which
 * is what `appendUpdate` promises. node:sqlite is synchronous; the async methods only honour the
 * contract that a networked store needs.
 */
export class SqliteStore implements Store {
	readonly kind = 'sqlite';
	readonly #db: DatabaseSync;
	readonly #statements = new Map<string, StatementSync>();
	#closed = false;

	private constructor(db: DatabaseSync) {
		this.#db = db;
	}

	static open(file: string): SqliteStore {
		if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
		const db = new DatabaseSync(file);
		db.exec(`PRAGMA journal_mode = WAL;
			PRAGMA synchronous = FULL;
			PRAGMA foreign_keys = ON;
			PRAGMA busy_timeout = 5000;`);
		const store = new SqliteStore(db);
		store.#migrate();
		return store;
	}

	/** The connection's durability settings, as SQLite reports them (for tests and diagnostics). */
	pragmas(): { journalMode: string; synchronous: number; foreignKeys: number } {
		return {
			journalMode: String(this.#get('PRAGMA journal_mode')!.journal_mode),
			synchronous: Number(this.#get('PRAGMA synchronous')!.synchronous),
			foreignKeys: Number(this.#get('PRAGMA foreign_keys')!.foreign_keys)
		};
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		this.#db.close();
	}

	async isEmpty(): Promise<boolean> {
		return this.#get('SELECT 1 AS one FROM firms LIMIT 1') === undefined;
	}

	async createFirm(input: { id?: string; name: string }): Promise<Firm> {
		const firm = { id: input.id ?? crypto.randomUUID(), name: input.name, createdAt: now() };
		this.#run(
			'INSERT INTO firms (id, name, created_at) VALUES (?, ?, ?)',
			firm.id,
			firm.name,
			firm.createdAt
		);
		return firm;
	}

	async getFirm(id: string): Promise<Firm | null> {
		const row = this.#get('SELECT * FROM firms WHERE id = ?', id);
		return row ? toFirm(row) : null;
	}

	async createUser(input: NewUser): Promise<User> {
		const user: User = {
			id: input.id ?? crypto.randomUUID(),
			firmId: input.firmId,
			email: normaliseEmail(input.email),
			name: input.name,
			role: input.role,
			clientId: input.clientId,
			passwordHash: input.passwordHash,
			disabledAt: null,
			createdAt: now()
		};
		try {
			this.#run(
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
			if (String(error).includes('UNIQUE constraint failed: users.email')) {
				throw Object.assign(new Error(`E-mail already in use: ${user.email}`), {
					code: 'EMAIL_TAKEN'
				});
			}
			throw error;
		}
		return user;
	}

	async getUser(id: string): Promise<User | null> {
		const row = this.#get('SELECT * FROM users WHERE id = ?', id);
		return row ? toUser(row) : null;
	}

	async getUserByEmail(email: string): Promise<User | null> {
		const row = this.#get('SELECT * FROM users WHERE email = ?', normaliseEmail(email));
		return row ? toUser(row) : null;
	}

	async listUsers(firmId: string): Promise<User[]> {
		return this.#all('SELECT * FROM users WHERE firm_id = ? ORDER BY name, id', firmId).map(toUser);
	}

	async setUserDisabled(id: string, disabled: boolean): Promise<void> {
		this.#run('UPDATE users SET disabled_at = ? WHERE id = ?', disabled ? now() : null, id);
	}

	async createClient(input: { id?: string; firmId: string; name: string }): Promise<Client> {
		const client: Client = {
			id: input.id ?? crypto.randomUUID(),
			firmId: input.firmId,
			name: input.name,
			archivedAt: null,
			createdAt: now()
		};
		this.#run(
			'INSERT INTO clients (id, firm_id, name, created_at) VALUES (?, ?, ?, ?)',
			client.id,
			client.firmId,
			client.name,
			client.createdAt
		);
		return client;
	}

	async getClient(id: string): Promise<Client | null> {
		const row = this.#get('SELECT * FROM clients WHERE id = ?', id);
		return row ? toClient(row) : null;
	}

	async listClients(firmId: string): Promise<Client[]> {
		return this.#all('SELECT * FROM clients WHERE firm_id = ? ORDER BY name, id', firmId).map(
			toClient
		);
	}

	async createSession(input: { id: string; userId: string; expiresAt: string }): Promise<Session> {
		const at = now();
		const session = { ...input, createdAt: at, lastSeenAt: at };
		this.#run(
			'INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
			session.id,
			session.userId,
			at,
			session.expiresAt,
			at
		);
		return session;
	}

	async getSession(id: string): Promise<Session | null> {
		const row = this.#get('SELECT * FROM sessions WHERE id = ?', id);
		return row ? toSession(row) : null;
	}

	async touchSession(id: string, expiresAt: string): Promise<void> {
		this.#run(
			'UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE id = ?',
			expiresAt,
			now(),
			id
		);
	}

	async deleteSession(id: string): Promise<void> {
		this.#run('DELETE FROM sessions WHERE id = ?', id);
	}

	async deleteUserSessions(userId: string): Promise<void> {
		this.#run('DELETE FROM sessions WHERE user_id = ?', userId);
	}

	async deleteExpiredSessions(at: string): Promise<number> {
		return Number(this.#run('DELETE FROM sessions WHERE expires_at <= ?', at).changes);
	}

	async appendUpdate(documentName: string, update: Uint8Array): Promise<void> {
		this.#run(
			'INSERT INTO doc_updates (name, data, at) VALUES (?, ?, ?)',
			documentName,
			update,
			now()
		);
	}

	async loadDocument(documentName: string): Promise<StoredDocument | null> {
		const snapshot = this.#get('SELECT snapshot FROM doc_snapshots WHERE name = ?', documentName);
		const updates = this.#all(
			'SELECT data FROM doc_updates WHERE name = ? ORDER BY seq',
			documentName
		);
		if (!snapshot && updates.length === 0) return null;
		return {
			snapshot: snapshot ? toBytes(snapshot.snapshot) : null,
			updates: updates.map((row) => toBytes(row.data))
		};
	}

	async compactDocument(
		documentName: string,
		merge: (parts: Uint8Array[]) => Uint8Array
	): Promise<void> {
		this.#transaction(() => {
			const rows = this.#all(
				'SELECT seq, data FROM doc_updates WHERE name = ? ORDER BY seq',
				documentName
			);
			if (rows.length === 0) return;
			const snapshot = this.#get('SELECT snapshot FROM doc_snapshots WHERE name = ?', documentName);
			const parts = rows.map((row) => toBytes(row.data));
			if (snapshot) parts.unshift(toBytes(snapshot.snapshot));
			const merged = merge(parts);
			this.#run(
				`INSERT INTO doc_snapshots (name, snapshot, updated_at) VALUES (?, ?, ?)
				 ON CONFLICT (name) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
				documentName,
				merged,
				now()
			);
			const lastSeq = Number(rows[rows.length - 1]!.seq);
			this.#run('DELETE FROM doc_updates WHERE name = ? AND seq <= ?', documentName, lastSeq);
		});
	}

	async countUpdates(documentName: string): Promise<number> {
		return Number(
			this.#get('SELECT COUNT(*) AS n FROM doc_updates WHERE name = ?', documentName)!.n
		);
	}

	async createFile(input: NewFile): Promise<StoredFile> {
		const file: StoredFile = { ...input, id: input.id ?? crypto.randomUUID(), createdAt: now() };
		this.#run(
			`INSERT INTO files (id, firm_id, client_id, request_id, sha256, size, mime, name, ged_path, uploaded_by, created_at)
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
		const row = this.#get('SELECT * FROM files WHERE id = ?', id);
		return row ? toFile(row) : null;
	}

	async appendAudit(entry: NewAuditEntry): Promise<void> {
		this.#run(
			'INSERT INTO audit_log (firm_id, user_id, action, target, detail, at) VALUES (?, ?, ?, ?, ?, ?)',
			entry.firmId,
			entry.userId,
			entry.action,
			entry.target,
			entry.detail,
			now()
		);
	}

	async listAudit(firmId: string, limit: number): Promise<AuditEntry[]> {
		return this.#all(
			'SELECT * FROM audit_log WHERE firm_id = ? ORDER BY id DESC LIMIT ?',
			firmId,
			limit
		).map(toAudit);
	}

	#migrate(): void {
		this.#db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
		const applied = new Set(
			this.#all('SELECT version FROM schema_migrations').map((row) => Number(row.version))
		);
		for (const migration of SQLITE_MIGRATIONS) {
			if (applied.has(migration.version)) continue;
			this.#transaction(() => {
				this.#db.exec(migration.sql);
				this.#run(
					'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
					migration.version,
					migration.name,
					now()
				);
			});
		}
	}

	#transaction(work: () => void): void {
		this.#db.exec('BEGIN IMMEDIATE');
		try {
			work();
			this.#db.exec('COMMIT');
		} catch (error) {
			this.#db.exec('ROLLBACK');
			throw error;
		}
	}

	#statement(sql: string): StatementSync {
		let statement = this.#statements.get(sql);
		if (!statement) {
			statement = this.#db.prepare(sql);
			this.#statements.set(sql, statement);
		}
		return statement;
	}

	#run(sql: string, ...params: SqlParam[]) {
		return this.#statement(sql).run(...params);
	}

	#get(sql: string, ...params: SqlParam[]): Row | undefined {
		return this.#statement(sql).get(...params) as Row | undefined;
	}

	#all(sql: string, ...params: SqlParam[]): Row[] {
		return this.#statement(sql).all(...params) as Row[];
	}
}

type SqlParam = string | number | null | Uint8Array;
