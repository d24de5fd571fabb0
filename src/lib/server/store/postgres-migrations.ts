import { backgroundSchema } from './background-schema.ts';
import type { Migration } from './sqlite-migrations.ts';

/**
 * The PostgreSQL schema, as numbered steps recorded in `schema_migrations` (never edited once
 * committed, like `SQLITE_MIGRATIONS`). Step 1 is the SQLite schema as it stands after its own
 * step 4, said the PostgreSQL way: `timestamptz` for instants, `bytea` for blobs, identity
 * columns, and composite foreign keys where SQLite needed triggers (a user or a file of a client
 * of the same firm). Later steps need not match SQLite's numbering.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
	{
		version: 1,
		name: 'initial',
		sql: `
			CREATE TABLE firms (
				id text PRIMARY KEY,
				name text NOT NULL,
				created_at timestamptz NOT NULL
			);
			CREATE TABLE clients (
				id text PRIMARY KEY,
				firm_id text NOT NULL REFERENCES firms(id),
				name text NOT NULL,
				siren text,
				closing_date text NOT NULL DEFAULT '12-31',
				vat_regime text CHECK (vat_regime IN ('mensuel', 'trimestriel', 'annuel', 'franchise')),
				manager_id text,
				archived_at timestamptz,
				created_at timestamptz NOT NULL,
				UNIQUE (firm_id, id)
			);
			CREATE INDEX clients_firm ON clients(firm_id, name);
			CREATE TABLE users (
				id text PRIMARY KEY,
				firm_id text NOT NULL REFERENCES firms(id),
				email text NOT NULL,
				name text NOT NULL,
				role text NOT NULL CHECK (role IN ('admin', 'collaborator', 'client')),
				client_id text,
				password_hash text NOT NULL,
				disabled_at timestamptz,
				last_login_at timestamptz,
				created_at timestamptz NOT NULL,
				CONSTRAINT users_email_key UNIQUE (email),
				CHECK ((role = 'client') = (client_id IS NOT NULL)),
				FOREIGN KEY (firm_id, client_id) REFERENCES clients(firm_id, id)
			);
			CREATE INDEX users_firm ON users(firm_id, name);
			ALTER TABLE clients ADD FOREIGN KEY (manager_id) REFERENCES users(id);
			CREATE TABLE sessions (
				id text PRIMARY KEY,
				user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
				created_at timestamptz NOT NULL,
				expires_at timestamptz NOT NULL,
				last_seen_at timestamptz NOT NULL
			);
			CREATE INDEX sessions_user ON sessions(user_id);
			CREATE INDEX sessions_expiry ON sessions(expires_at);
			CREATE TABLE user_links (
				id text PRIMARY KEY,
				user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
				purpose text NOT NULL CHECK (purpose IN ('invite', 'reset')),
				created_by text REFERENCES users(id),
				created_at timestamptz NOT NULL,
				expires_at timestamptz NOT NULL,
				used_at timestamptz,
				revoked_at timestamptz
			);
			CREATE INDEX user_links_user ON user_links(user_id, created_at);
			CREATE TABLE doc_snapshots (
				name text PRIMARY KEY,
				snapshot bytea NOT NULL,
				updated_at timestamptz NOT NULL
			);
			CREATE TABLE doc_updates (
				seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				name text NOT NULL,
				data bytea NOT NULL,
				at timestamptz NOT NULL
			);
			CREATE INDEX doc_updates_name ON doc_updates(name, seq);
			CREATE TABLE files (
				id text PRIMARY KEY,
				firm_id text NOT NULL REFERENCES firms(id),
				client_id text NOT NULL,
				request_id text,
				sha256 text NOT NULL,
				size bigint NOT NULL,
				mime text NOT NULL,
				name text NOT NULL,
				ged_path text NOT NULL,
				uploaded_by text NOT NULL REFERENCES users(id),
				created_at timestamptz NOT NULL,
				FOREIGN KEY (firm_id, client_id) REFERENCES clients(firm_id, id)
			);
			CREATE INDEX files_client ON files(firm_id, client_id);
			CREATE INDEX files_sha ON files(sha256);
			CREATE TABLE audit_log (
				id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				firm_id text,
				user_id text,
				action text NOT NULL,
				target text,
				detail text,
				at timestamptz NOT NULL
			);
			CREATE INDEX audit_firm ON audit_log(firm_id, id);
		`
	},
	{
		version: 2,
		name: 'jobs-and-outbox',
		sql: backgroundSchema({ text: 'text', integer: 'bigint', instant: 'timestamptz' })
	}
];
