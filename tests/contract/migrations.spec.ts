import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../src/lib/server/store/migrations.ts';
import { PostgresStore } from '../../src/lib/server/store/PostgresStore.ts';
import { SqliteStore } from '../../src/lib/server/store/SqliteStore.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';
import { SHIPPED_POSTGRES, SHIPPED_SQLITE } from '../fixtures/shipped-migrations.ts';
import { dropSchema, freshSchemaName, TEST_DATABASE_URL } from '../helpers/postgres.ts';

/**
 * Databases built by the code that had one migration list per dialect (the steps it shipped,
 * recorded as it recorded them) open with today's single list: data and recorded steps kept,
 * and the same schema as a database today's steps build.
 */
const AT = '2024-01-01T00:00:00.000Z';
/** Rows in most tables; `blob` writes a one-byte literal the dialect's way. */
const data = (blob: (hex: string) => string) => [
	`INSERT INTO firms VALUES ('f', 'Cabinet', '${AT}')`,
	`INSERT INTO clients (id, firm_id, name, created_at) VALUES ('c', 'f', 'Alter Ce', '${AT}')`,
	`INSERT INTO doc_snapshots VALUES ('doc', ${blob('01')}, '${AT}')`,
	`INSERT INTO doc_updates (name, data, at) VALUES ('doc', ${blob('02')}, '${AT}')`,
	`INSERT INTO audit_log (firm_id, action, at) VALUES ('f', 'firm.created', '${AT}')`
];

async function expectData(store: Store): Promise<void> {
	expect(await store.getFirm('f')).toMatchObject({ name: 'Cabinet', createdAt: AT });
	expect(await store.getClient('c')).toMatchObject({ name: 'Alter Ce', closingDate: '12-31' });
	expect(await store.loadDocument('doc')).toEqual({
		snapshot: new Uint8Array([1]),
		updates: [new Uint8Array([2])]
	});
	expect((await store.listAudit('f', 10)).map((entry) => entry.action)).toEqual(['firm.created']);
}

describe('SQLite: a file built by the shipped steps', () => {
	function folder(): string {
		const dir = mkdtempSync(join(tmpdir(), 'navette-shipped-'));
		onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
		return dir;
	}

	/** Every table, index and trigger as SQLite keeps its definition, white space folded. */
	function schemaOf(file: string): string[] {
		const db = new DatabaseSync(file);
		try {
			return db
				.prepare('SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name')
				.all()
				.map((row) => `${row.type} ${row.name}: ${String(row.sql).replace(/\s+/g, ' ')}`)
				.map((line) => line.replaceAll('( ', '(').replaceAll(' )', ')'));
		} finally {
			db.close();
		}
	}

	it('opens with its data and its four recorded steps, with the schema of a new file', async () => {
		const dir = folder();
		const file = join(dir, 'shipped.db');
		const db = new DatabaseSync(file);
		db.exec(`CREATE TABLE schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
		for (const step of SHIPPED_SQLITE) {
			db.exec(step.sql);
			db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(step.version, step.name, AT);
		}
		for (const sql of data((hex) => `x'${hex}'`)) db.exec(sql);
		const recorded = db.prepare('SELECT * FROM schema_migrations ORDER BY version').all();
		db.close();
		expect(recorded.map((row) => row.version)).toEqual([1, 2, 3, 4]);

		const store = SqliteStore.open(file);
		await expectData(store);
		await store.close();
		const after = new DatabaseSync(file);
		const steps = after.prepare('SELECT * FROM schema_migrations ORDER BY version').all();
		expect(steps.slice(0, recorded.length)).toEqual(recorded);
		expect(steps.map((step) => step.version)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
		after.close();

		const fresh = join(dir, 'fresh.db');
		await SqliteStore.open(fresh).close();
		expect(schemaOf(fresh).length).toBeGreaterThan(20);
		expect(schemaOf(file)).toEqual(schemaOf(fresh));
	});
});

describe('PostgreSQL: a schema built by the shipped steps', () => {
	async function connect(schema: string): Promise<pg.Client> {
		const client = new pg.Client({
			connectionString: TEST_DATABASE_URL,
			options: `-c search_path=${schema}`
		});
		await client.connect();
		onTestFinished(() => client.end());
		return client;
	}

	/** Columns, constraints and indexes as the catalogue describes them, the schema's name left out. */
	async function schemaOf(schema: string): Promise<string[]> {
		const client = await connect(schema);
		const columns = await client.query(
			`SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity
			 FROM information_schema.columns WHERE table_schema = $1`,
			[schema]
		);
		const constraints = await client.query(
			`SELECT conrelid::regclass::text AS on_table, conname, pg_get_constraintdef(c.oid) AS def
			 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1`,
			[schema]
		);
		const indexes = await client.query(
			'SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1',
			[schema]
		);
		return [...columns.rows, ...constraints.rows, ...indexes.rows]
			.map((row) => JSON.stringify(row).replaceAll(`${schema}.`, ''))
			.sort();
	}

	it('opens with its data and its recorded step, with the schema of a new one', async () => {
		const schema = freshSchemaName();
		const fresh = freshSchemaName();
		onTestFinished(() => dropSchema(schema));
		onTestFinished(() => dropSchema(fresh));
		const client = await connect(schema);
		await client.query(`CREATE SCHEMA ${schema}`);
		await client.query(`CREATE TABLE schema_migrations (
			version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`);
		for (const step of SHIPPED_POSTGRES) {
			await client.query(step.sql);
			await client.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [
				step.version,
				step.name,
				AT
			]);
		}
		for (const sql of data((hex) => `'\\x${hex}'::bytea`)) await client.query(sql);
		const recorded = (await client.query('SELECT * FROM schema_migrations')).rows;
		expect(recorded.map((row) => row.version)).toEqual([1]);

		const store = await PostgresStore.open(TEST_DATABASE_URL, { schema, max: 2 });
		await expectData(store);
		await store.close();
		const steps = await client.query('SELECT * FROM schema_migrations ORDER BY version');
		expect(steps.rows.slice(0, recorded.length)).toEqual(recorded);
		expect(steps.rows.map((step) => step.version)).toEqual(
			POSTGRES_MIGRATIONS.map((m) => m.version)
		);

		await (await PostgresStore.open(TEST_DATABASE_URL, { schema: fresh, max: 2 })).close();
		const expected = await schemaOf(fresh);
		expect(expected.length).toBeGreaterThan(50);
		expect(await schemaOf(schema)).toEqual(expected);
	});
});
