/** One step of the SQLite schema. Applied in order, each in its own transaction, never edited. */
export interface Migration {
	version: number;
	name: string;
	sql: string;
}

export const SQLITE_MIGRATIONS: Migration[] = [
	{
		version: 1,
		name: 'initial',
		sql: `
			CREATE TABLE firms (
				id TEXT PRIMARY KEY,
				name TEXT NOT NULL,
				created_at TEXT NOT NULL
			);
			CREATE TABLE clients (
				id TEXT PRIMARY KEY,
				firm_id TEXT NOT NULL REFERENCES firms(id),
				name TEXT NOT NULL,
				archived_at TEXT,
				created_at TEXT NOT NULL
			);
			CREATE INDEX clients_firm ON clients(firm_id, name);
			CREATE TABLE users (
				id TEXT PRIMARY KEY,
				firm_id TEXT NOT NULL REFERENCES firms(id),
				email TEXT NOT NULL UNIQUE,
				name TEXT NOT NULL,
				role TEXT NOT NULL CHECK (role IN ('admin', 'collaborator', 'client')),
				client_id TEXT REFERENCES clients(id),
				password_hash TEXT NOT NULL,
				disabled_at TEXT,
				created_at TEXT NOT NULL,
				CHECK ((role = 'client') = (client_id IS NOT NULL))
			);
			CREATE INDEX users_firm ON users(firm_id, name);
			CREATE TABLE sessions (
				id TEXT PRIMARY KEY,
				user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
				created_at TEXT NOT NULL,
				expires_at TEXT NOT NULL,
				last_seen_at TEXT NOT NULL
			);
			CREATE INDEX sessions_user ON sessions(user_id);
			CREATE INDEX sessions_expiry ON sessions(expires_at);
			CREATE TABLE doc_snapshots (
				name TEXT PRIMARY KEY,
				snapshot BLOB NOT NULL,
				updated_at TEXT NOT NULL
			);
			CREATE TABLE doc_updates (
				seq INTEGER PRIMARY KEY AUTOINCREMENT,
				name TEXT NOT NULL,
				data BLOB NOT NULL,
				at TEXT NOT NULL
			);
			CREATE INDEX doc_updates_name ON doc_updates(name, seq);
			CREATE TABLE files (
				id TEXT PRIMARY KEY,
				firm_id TEXT NOT NULL REFERENCES firms(id),
				client_id TEXT NOT NULL REFERENCES clients(id),
				request_id TEXT,
				sha256 TEXT NOT NULL,
				size INTEGER NOT NULL,
				mime TEXT NOT NULL,
				name TEXT NOT NULL,
				ged_path TEXT NOT NULL,
				uploaded_by TEXT NOT NULL REFERENCES users(id),
				created_at TEXT NOT NULL
			);
			CREATE INDEX files_client ON files(firm_id, client_id);
			CREATE INDEX files_sha ON files(sha256);
			CREATE TABLE audit_log (
				id INTEGER PRIMARY KEY AUTOINCREMENT,
				firm_id TEXT,
				user_id TEXT,
				action TEXT NOT NULL,
				target TEXT,
				detail TEXT,
				at TEXT NOT NULL
			);
			CREATE INDEX audit_firm ON audit_log(firm_id, id);
		`
	}
];
