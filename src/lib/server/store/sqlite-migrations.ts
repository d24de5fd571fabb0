/**
 * One step of the SQLite schema. Applied in order at open, each in its own transaction, and never
 * edited once committed: data folders in use already recorded it in `schema_migrations`, so a
 * change goes in a new step. (`PRAGMA foreign_keys` cannot change inside a transaction; a step
 * that rebuilds a table follows SQLite's 12-step ALTER procedure with `PRAGMA defer_foreign_keys`.)
 *
 * Portable on purpose, for the PostgreSQL schema to mirror it: no SQL keyword as a column name
 * (the update blob is `data`, not `update`), timestamps as ISO 8601 text here and `timestamptz`
 * there, ids as text.
 */
import { backgroundSchema } from './background-schema.ts';

export interface Migration {
	version: number;
	name: string;
	sql: string;
}

/** Strictly increasing `version`s. */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
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
	},
	{
		// A client user, or a file, tied to a client of another firm would leak that client's
		// requests across firms (DESIGN §2 trusts the store's membership). PostgreSQL says the same
		// with a composite foreign key (firm_id, client_id) -> clients (firm_id, id).
		version: 2,
		name: 'clients-belong-to-the-same-firm',
		sql: `
			CREATE TRIGGER users_client_same_firm_insert BEFORE INSERT ON users
			WHEN NEW.client_id IS NOT NULL AND NOT EXISTS (
				SELECT 1 FROM clients WHERE id = NEW.client_id AND firm_id = NEW.firm_id)
			BEGIN SELECT RAISE(ABORT, 'users.client_id must name a client of the same firm'); END;
			CREATE TRIGGER users_client_same_firm_update BEFORE UPDATE OF firm_id, client_id ON users
			WHEN NEW.client_id IS NOT NULL AND NOT EXISTS (
				SELECT 1 FROM clients WHERE id = NEW.client_id AND firm_id = NEW.firm_id)
			BEGIN SELECT RAISE(ABORT, 'users.client_id must name a client of the same firm'); END;
			CREATE TRIGGER files_client_same_firm_insert BEFORE INSERT ON files
			WHEN NOT EXISTS (SELECT 1 FROM clients WHERE id = NEW.client_id AND firm_id = NEW.firm_id)
			BEGIN SELECT RAISE(ABORT, 'files.client_id must name a client of the same firm'); END;
			CREATE TRIGGER files_client_same_firm_update BEFORE UPDATE OF firm_id, client_id ON files
			WHEN NOT EXISTS (SELECT 1 FROM clients WHERE id = NEW.client_id AND firm_id = NEW.firm_id)
			BEGIN SELECT RAISE(ABORT, 'files.client_id must name a client of the same firm'); END;
		`
	},
	{
		// Single-use links (invitation, password reset): only the SHA-256 of the secret is kept, as
		// `id`. A user invited but without a password yet keeps `password_hash` NOT NULL with a
		// placeholder that is no Argon2 hash and so can never verify (see store-rules NO_PASSWORD):
		// no table rebuild, and a login attempt costs the same as for a wrong password.
		version: 3,
		name: 'single-use-links',
		sql: `
			CREATE TABLE user_links (
				id TEXT PRIMARY KEY,
				user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
				purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
				created_by TEXT REFERENCES users(id),
				created_at TEXT NOT NULL,
				expires_at TEXT NOT NULL,
				used_at TEXT,
				revoked_at TEXT
			);
			CREATE INDEX user_links_user ON user_links(user_id, created_at);
		`
	},
	{
		// What a firm records of a client (issue 7), and each user's last sign-in for the status
		// lists. Existing clients close on 31/12 until edited; their VAT regime and collaborator stay
		// unknown (null) until someone fills them in, which the forms then require.
		version: 4,
		name: 'client-details-and-last-login',
		sql: `
			ALTER TABLE clients ADD COLUMN siren TEXT;
			ALTER TABLE clients ADD COLUMN closing_date TEXT NOT NULL DEFAULT '12-31';
			ALTER TABLE clients ADD COLUMN vat_regime TEXT
				CHECK (vat_regime IN ('mensuel', 'trimestriel', 'annuel', 'franchise'));
			ALTER TABLE clients ADD COLUMN manager_id TEXT REFERENCES users(id);
			ALTER TABLE users ADD COLUMN last_login_at TEXT;
		`
	},
	{
		version: 5,
		name: 'jobs-and-outbox',
		sql: backgroundSchema({ text: 'TEXT', integer: 'INTEGER', instant: 'TEXT' })
	}
];
