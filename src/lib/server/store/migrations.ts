/**
 * The schema of both stores, as ONE list of numbered steps recorded in `schema_migrations`.
 * Applied in order at open and never edited once committed: databases in use already recorded
 * them, so a change goes in a new step. A step is written once over the column types below,
 * unless the dialects truly differ; then it gives each dialect its own SQL, or leaves one out.
 *
 * History: SQLite took steps 1 to 4 one by one; PostgreSQL came later, and its step 1 is SQLite's
 * schema after step 4, said the PostgreSQL way (composite foreign keys where SQLite needed
 * triggers: a user or a file of a client of the same firm), so steps 2 to 4 are SQLite's only.
 * From step 5 on, a step is one change on both, numbered the highest version in the list plus
 * one on both dialects (recorded numbers need not be contiguous). `PRAGMA foreign_keys` cannot
 * change inside a transaction: a SQLite step that rebuilds a table follows SQLite's 12-step
 * ALTER procedure with `PRAGMA defer_foreign_keys`.
 */
export interface Migration {
	version: number;
	name: string;
	sql: string;
}

export type Dialect = 'sqlite' | 'postgres';

/** Column types by meaning: instants are ISO 8601 text on SQLite, `timestamptz` on PostgreSQL. */
export interface ColumnTypes {
	text: string;
	integer: string;
	instant: string;
	blob: string;
	/** An ever-increasing integer primary key (insertion order). */
	serialKey: string;
}

const TYPES: Record<Dialect, ColumnTypes> = {
	sqlite: {
		text: 'TEXT',
		integer: 'INTEGER',
		instant: 'TEXT',
		blob: 'BLOB',
		serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT'
	},
	postgres: {
		text: 'text',
		integer: 'bigint',
		instant: 'timestamptz',
		blob: 'bytea',
		serialKey: 'bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY'
	}
};

interface Step {
	/**
	 * The number recorded in `schema_migrations`: one for both dialects, or each dialect's own
	 * where branches numbered a step apart (keep what databases in use recorded).
	 */
	version: number | Record<Dialect, number>;
	name: string;
	/** Both dialects' SQL from the types, or each dialect's own (a dialect left out skips it). */
	sql: ((t: ColumnTypes) => string) | Partial<Record<Dialect, (t: ColumnTypes) => string>>;
}

/** The tables step 1 creates alike on both (SQLite's user_links came at its step 3). */
const firms = (t: ColumnTypes) => `
	CREATE TABLE firms (
		id ${t.text} PRIMARY KEY,
		name ${t.text} NOT NULL,
		created_at ${t.instant} NOT NULL
	);`;

const sessionsAndLog = (t: ColumnTypes) => `
	CREATE TABLE sessions (
		id ${t.text} PRIMARY KEY,
		user_id ${t.text} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		created_at ${t.instant} NOT NULL,
		expires_at ${t.instant} NOT NULL,
		last_seen_at ${t.instant} NOT NULL
	);
	CREATE INDEX sessions_user ON sessions(user_id);
	CREATE INDEX sessions_expiry ON sessions(expires_at);
	CREATE TABLE doc_snapshots (
		name ${t.text} PRIMARY KEY,
		snapshot ${t.blob} NOT NULL,
		updated_at ${t.instant} NOT NULL
	);
	CREATE TABLE doc_updates (
		seq ${t.serialKey},
		name ${t.text} NOT NULL,
		data ${t.blob} NOT NULL,
		at ${t.instant} NOT NULL
	);
	CREATE INDEX doc_updates_name ON doc_updates(name, seq);`;

const auditLog = (t: ColumnTypes) => `
	CREATE TABLE audit_log (
		id ${t.serialKey},
		firm_id ${t.text},
		user_id ${t.text},
		action ${t.text} NOT NULL,
		target ${t.text},
		detail ${t.text},
		at ${t.instant} NOT NULL
	);
	CREATE INDEX audit_firm ON audit_log(firm_id, id);`;

const userLinks = (t: ColumnTypes) => `
	CREATE TABLE user_links (
		id ${t.text} PRIMARY KEY,
		user_id ${t.text} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		purpose ${t.text} NOT NULL CHECK (purpose IN ('invite', 'reset')),
		created_by ${t.text} REFERENCES users(id),
		created_at ${t.instant} NOT NULL,
		expires_at ${t.instant} NOT NULL,
		used_at ${t.instant},
		revoked_at ${t.instant}
	);
	CREATE INDEX user_links_user ON user_links(user_id, created_at);`;

const VAT_REGIMES = "('mensuel', 'trimestriel', 'annuel', 'franchise')";

const STEPS: readonly Step[] = [
	{
		version: 1,
		name: 'initial',
		sql: {
			sqlite: (t) => `${firms(t)}
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
				${sessionsAndLog(t)}
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
				${auditLog(t)}`,
			postgres: (t) => `${firms(t)}
				CREATE TABLE clients (
					id text PRIMARY KEY,
					firm_id text NOT NULL REFERENCES firms(id),
					name text NOT NULL,
					siren text,
					closing_date text NOT NULL DEFAULT '12-31',
					vat_regime text CHECK (vat_regime IN ${VAT_REGIMES}),
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
				${sessionsAndLog(t)}
				${userLinks(t)}
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
				${auditLog(t)}`
		}
	},
	{
		// A client user, or a file, tied to a client of another firm would leak that client's
		// requests across firms (DESIGN §2 trusts the store's membership). PostgreSQL's step 1 says
		// the same with a composite foreign key (firm_id, client_id) -> clients (firm_id, id).
		version: 2,
		name: 'clients-belong-to-the-same-firm',
		sql: {
			sqlite: () => `
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
				BEGIN SELECT RAISE(ABORT, 'files.client_id must name a client of the same firm'); END;`
		}
	},
	{
		// Single-use links (invitation, password reset): only the SHA-256 of the secret is kept, as
		// `id`. A user invited but without a password yet keeps `password_hash` NOT NULL with a
		// placeholder that is no Argon2 hash and so can never verify (see store-rules NO_PASSWORD):
		// no table rebuild, and a login attempt costs the same as for a wrong password.
		version: 3,
		name: 'single-use-links',
		sql: { sqlite: userLinks }
	},
	{
		// What a firm records of a client (issue 7), and each user's last sign-in for the status
		// lists. Existing clients close on 31/12 until edited; their VAT regime and collaborator stay
		// unknown (null) until someone fills them in, which the forms then require.
		version: 4,
		name: 'client-details-and-last-login',
		sql: {
			sqlite: () => `
				ALTER TABLE clients ADD COLUMN siren TEXT;
				ALTER TABLE clients ADD COLUMN closing_date TEXT NOT NULL DEFAULT '12-31';
				ALTER TABLE clients ADD COLUMN vat_regime TEXT CHECK (vat_regime IN ${VAT_REGIMES});
				ALTER TABLE clients ADD COLUMN manager_id TEXT REFERENCES users(id);
				ALTER TABLE users ADD COLUMN last_login_at TEXT;`
		}
	},
	{
		// Background work (DESIGN §11): the job table and the e-mail outbox. `job_key` and
		// `idempotency_key` are unique, which makes enqueuing and queuing idempotent; the
		// `(state, due)` indexes serve the claims, `outbox_firm` the « Boîte d'envoi ». A pending
		// message always has its next attempt, and only a pending one.
		// Numbered as the scheduler branch first recorded it, on each dialect.
		version: { sqlite: 5, postgres: 2 },
		name: 'jobs-and-outbox',
		sql: (t) => `
			CREATE TABLE jobs (
				id ${t.text} PRIMARY KEY,
				job_key ${t.text} NOT NULL UNIQUE,
				kind ${t.text} NOT NULL,
				payload ${t.text} NOT NULL,
				state ${t.text} NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
				run_at ${t.instant} NOT NULL,
				attempts ${t.integer} NOT NULL DEFAULT 0,
				locked_by ${t.text},
				locked_until ${t.instant},
				last_error ${t.text},
				created_at ${t.instant} NOT NULL,
				finished_at ${t.instant}
			);
			CREATE INDEX jobs_due ON jobs(state, run_at);
			CREATE TABLE outbox (
				id ${t.text} PRIMARY KEY,
				firm_id ${t.text} NOT NULL REFERENCES firms(id),
				idempotency_key ${t.text} NOT NULL UNIQUE,
				kind ${t.text} NOT NULL,
				to_name ${t.text} NOT NULL,
				to_address ${t.text} NOT NULL,
				reply_to_name ${t.text},
				reply_to_address ${t.text},
				subject ${t.text} NOT NULL,
				body_text ${t.text} NOT NULL,
				body_html ${t.text} NOT NULL,
				state ${t.text} NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'unsent')),
				attempts ${t.integer} NOT NULL DEFAULT 0,
				next_attempt_at ${t.instant},
				locked_by ${t.text},
				locked_until ${t.instant},
				last_error ${t.text},
				created_at ${t.instant} NOT NULL,
				sent_at ${t.instant},
				CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL))
			);
			CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
			CREATE INDEX outbox_firm ON outbox(firm_id, created_at);`
	},
	{
		// Reminders' sign-in links (issue 13) in a table of their own rather than a third purpose of
		// user_links: reusable until they expire (`used_at` is the last use), a new one revokes
		// none, and SQLite cannot widen user_links' CHECK without rebuilding it. Only the SHA-256
		// of the secret is kept, as `id`. Version 6: 5 is the scheduler's (jobs and outbox).
		version: 6,
		name: 'signin-links',
		sql: (t) => `
			CREATE TABLE signin_links (
				id ${t.text} PRIMARY KEY,
				user_id ${t.text} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
				created_by ${t.text} REFERENCES users(id),
				created_at ${t.instant} NOT NULL,
				expires_at ${t.instant} NOT NULL,
				used_at ${t.instant},
				revoked_at ${t.instant}
			);
			CREATE INDEX signin_links_user ON signin_links(user_id);
			CREATE INDEX signin_links_expiry ON signin_links(expires_at);`
	},
	{
		// What happened to each request, who did it and when (issue 14: timelines, « Nouveautés »),
		// and which of those events each staff member has read. The actor's name and role are
		// copied: the timeline keeps saying who it was after a rename or a deactivation. A client
		// user's first view of a request is recorded once (the partial unique index). Numbered
		// after the scheduler's (5) and sign-in links' steps; gaps are allowed.
		version: 7,
		name: 'request-events',
		sql: (t) => `
			CREATE TABLE request_events (
				seq ${t.serialKey},
				id ${t.text} NOT NULL UNIQUE,
				firm_id ${t.text} NOT NULL REFERENCES firms(id),
				client_id ${t.text} NOT NULL REFERENCES clients(id),
				request_id ${t.text} NOT NULL,
				task_id ${t.text},
				actor_id ${t.text},
				actor_name ${t.text} NOT NULL,
				actor_role ${t.text} NOT NULL,
				kind ${t.text} NOT NULL,
				detail ${t.text} NOT NULL,
				at ${t.instant} NOT NULL
			);
			CREATE INDEX request_events_request ON request_events(client_id, request_id, seq);
			CREATE INDEX request_events_firm ON request_events(firm_id, seq);
			CREATE INDEX request_events_task ON request_events(firm_id, task_id, seq);
			CREATE UNIQUE INDEX request_events_opened
				ON request_events(client_id, request_id, actor_id) WHERE kind = 'opened';
			CREATE TABLE request_event_reads (
				user_id ${t.text} NOT NULL REFERENCES users(id),
				event_id ${t.text} NOT NULL REFERENCES request_events(id),
				read_at ${t.instant} NOT NULL,
				PRIMARY KEY (user_id, event_id)
			);`
	},
	{
		// Reminders (issue 13). `firm_settings` is generic (one JSON value per firm and key: the
		// reminder policy under `reminders`, recurring work under `recurring`). A reminder is one
		// digest to one contact, tied to its outbox message (whose state is its delivery) and to
		// the requests it listed; `paris_date` keeps « one digest per contact per day » readable
		// without time zones in SQL (the outbox's idempotency key enforces it). Version 8: 7 is
		// the activity helper's, 9 recurring work's.
		version: 8,
		name: 'reminders',
		sql: (t) => `
			CREATE TABLE firm_settings (
				firm_id ${t.text} NOT NULL REFERENCES firms(id),
				setting_key ${t.text} NOT NULL,
				value ${t.text} NOT NULL,
				updated_at ${t.instant} NOT NULL,
				PRIMARY KEY (firm_id, setting_key)
			);
			CREATE TABLE reminder_pauses (
				client_id ${t.text} PRIMARY KEY REFERENCES clients(id),
				firm_id ${t.text} NOT NULL REFERENCES firms(id),
				until_date ${t.text},
				by_user_id ${t.text} REFERENCES users(id),
				at ${t.instant} NOT NULL
			);
			CREATE INDEX reminder_pauses_firm ON reminder_pauses(firm_id);
			CREATE TABLE reminder_optouts (
				request_id ${t.text} PRIMARY KEY,
				client_id ${t.text} NOT NULL REFERENCES clients(id),
				firm_id ${t.text} NOT NULL REFERENCES firms(id),
				by_user_id ${t.text} REFERENCES users(id),
				at ${t.instant} NOT NULL
			);
			CREATE INDEX reminder_optouts_firm ON reminder_optouts(firm_id);
			CREATE TABLE reminders (
				id ${t.text} PRIMARY KEY,
				firm_id ${t.text} NOT NULL REFERENCES firms(id),
				client_id ${t.text} NOT NULL REFERENCES clients(id),
				contact_user_id ${t.text} NOT NULL REFERENCES users(id),
				outbox_id ${t.text} NOT NULL UNIQUE REFERENCES outbox(id),
				trigger_kind ${t.text} NOT NULL CHECK (trigger_kind IN ('auto', 'manual')),
				by_user_id ${t.text} REFERENCES users(id),
				at ${t.instant} NOT NULL,
				paris_date ${t.text} NOT NULL
			);
			CREATE INDEX reminders_firm ON reminders(firm_id, at);
			CREATE INDEX reminders_client ON reminders(client_id, at);
			CREATE TABLE reminder_requests (
				reminder_id ${t.text} NOT NULL REFERENCES reminders(id) ON DELETE CASCADE,
				request_id ${t.text} NOT NULL,
				PRIMARY KEY (reminder_id, request_id)
			);
			CREATE INDEX reminder_requests_request ON reminder_requests(request_id);`
	},
	{
		// Recurring work (issue 15). A client's own CA3 day (null: the firm's); the firm's request
		// templates, seeded once (`templates_seeded_at`, so that a template an administrator
		// deleted never comes back); and one row per client and period the rules created a task
		// for, claimed before the task is written: its primary key is what makes a rule create
		// one task per client and period, whatever restarts, clock jumps or instances do.
		version: 9,
		name: 'recurring-work',
		sql: (t) => `
			ALTER TABLE clients ADD COLUMN vat_due_day ${t.integer}
				CHECK (vat_due_day BETWEEN 1 AND 28);
			ALTER TABLE firms ADD COLUMN templates_seeded_at ${t.instant};
			CREATE TABLE request_templates (
				id ${t.text} PRIMARY KEY,
				firm_id ${t.text} NOT NULL REFERENCES firms(id),
				name ${t.text} NOT NULL,
				items ${t.text} NOT NULL,
				position ${t.integer} NOT NULL,
				created_at ${t.instant} NOT NULL,
				updated_at ${t.instant} NOT NULL
			);
			CREATE INDEX request_templates_firm ON request_templates(firm_id, position);
			CREATE TABLE recurring_work (
				client_id ${t.text} NOT NULL REFERENCES clients(id),
				period_key ${t.text} NOT NULL,
				firm_id ${t.text} NOT NULL REFERENCES firms(id),
				task_id ${t.text} NOT NULL,
				claimed_at ${t.instant} NOT NULL,
				done_at ${t.instant},
				PRIMARY KEY (client_id, period_key)
			);
			CREATE INDEX recurring_work_firm ON recurring_work(firm_id, claimed_at);`
	}
];

/**
 * The steps `dialect` applies, in order: strictly increasing versions, gaps allowed (checked
 * here, so that a merge that numbers two steps alike fails at start rather than skip one).
 */
export function migrationsFor(dialect: Dialect): Migration[] {
	const migrations = STEPS.flatMap(({ version, name, sql }) => {
		const write = typeof sql === 'function' ? sql : sql[dialect];
		const number = typeof version === 'number' ? version : version[dialect];
		return write ? [{ version: number, name, sql: write(TYPES[dialect]) }] : [];
	});
	migrations.forEach((migration, i) => {
		if (i > 0 && migration.version <= migrations[i - 1]!.version) {
			throw new Error(
				`${dialect} migration ${migration.name}: version ${migration.version} is not above the one before`
			);
		}
	});
	return migrations;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = migrationsFor('sqlite');
export const POSTGRES_MIGRATIONS: readonly Migration[] = migrationsFor('postgres');

/**
 * The migrations still to apply to a database that recorded `applied`; a database migrated by a
 * newer Navette is refused rather than used with a schema this code does not know.
 */
export function pendingMigrations(
	migrations: readonly Migration[],
	applied: ReadonlySet<number>
): Migration[] {
	const known = Math.max(0, ...migrations.map((m) => m.version));
	const newest = Math.max(0, ...applied);
	if (newest > known) {
		throw new Error(
			`The database is at schema version ${newest}; this Navette knows up to ${known}. ` +
				'Upgrade Navette rather than open it with an older one.'
		);
	}
	return migrations.filter((m) => !applied.has(m.version));
}

/** How each dialect records an applied step (`applied_at` as each stores instants). */
export function schemaMigrationsTable(dialect: Dialect): string {
	const t = TYPES[dialect];
	return `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name ${t.text} NOT NULL,
		applied_at ${t.instant} NOT NULL
	)`;
}
