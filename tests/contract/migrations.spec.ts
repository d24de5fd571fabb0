import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect } from 'vitest';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../src/lib/server/store/migrations.ts';
import { SqliteStore } from '../../src/lib/server/store/SqliteStore.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';
import { SHIPPED_POSTGRES, SHIPPED_SQLITE } from '../fixtures/shipped-migrations.ts';
import { it, makePgSchema, type TestSchema } from '../helpers/fixtures.ts';

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

	it('opens with its data and its four recorded steps, with the schema of a new file', async ({
		tempDir: dir
	}) => {
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
	/** `pgSchema` holds the shipped steps' schema, `freshSchema` one built by today's. */
	const test = it.extend('freshSchema', makePgSchema);

	/** Columns, constraints and indexes as the catalogue describes them, the schema's name left out. */
	async function schemaOf({ name: schema, query }: TestSchema): Promise<string[]> {
		const columns = await query(
			`SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity
			 FROM information_schema.columns WHERE table_schema = $1`,
			[schema]
		);
		const constraints = await query(
			`SELECT conrelid::regclass::text AS on_table, conname, pg_get_constraintdef(c.oid) AS def
			 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1`,
			[schema]
		);
		const indexes = await query(
			'SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1',
			[schema]
		);
		return [...columns, ...constraints, ...indexes]
			.map((row) => JSON.stringify(row).replaceAll(`${schema}.`, ''))
			.sort();
	}

	test('opens with its data and its recorded step, with the schema of a new one', async ({
		pgSchema: shipped,
		freshSchema: fresh
	}) => {
		const { query } = shipped;
		await query(`CREATE SCHEMA ${shipped.name}`);
		await query(`CREATE TABLE schema_migrations (
			version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`);
		for (const step of SHIPPED_POSTGRES) {
			await query(step.sql);
			await query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [
				step.version,
				step.name,
				AT
			]);
		}
		for (const sql of data((hex) => `'\\x${hex}'::bytea`)) await query(sql);
		const recorded = await query('SELECT * FROM schema_migrations');
		expect(recorded.map((row) => row.version)).toEqual([1]);

		await expectData(await shipped.open({ max: 2 }));
		const steps = await query('SELECT * FROM schema_migrations ORDER BY version');
		expect(steps.slice(0, recorded.length)).toEqual(recorded);
		expect(steps.map((step) => step.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));

		await fresh.open({ max: 2 });
		const expected = await schemaOf(fresh);
		expect(expected.length).toBeGreaterThan(50);
		expect(await schemaOf(shipped)).toEqual(expected);
	});
});
