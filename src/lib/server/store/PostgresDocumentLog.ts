import type { StoredDocument } from './Store.ts';
import type { PostgresDatabase, Transaction } from './PostgresDatabase.ts';
import { toBytes } from './store-rows.ts';
import { nowIso } from './store-rules.ts';

/**
 * The durable Yjs update log of `PostgresStore` (DESIGN §4), the same two tables as SQLite's.
 * What differs with several writers: an identity's order is not commit order (an append may
 * commit after one with a higher `seq`), so compaction deletes exactly the rows it read, never
 * "everything up to the last seq", and one document's compactions are serialised by an advisory
 * lock on its name.
 */
export class PostgresDocumentLog {
	readonly #db: PostgresDatabase;

	constructor(db: PostgresDatabase) {
		this.#db = db;
	}

	/** One autocommitted INSERT: with `synchronous_commit = on`, durable once it resolves. */
	async append(documentName: string, update: Uint8Array): Promise<void> {
		await this.#db.run(
			'INSERT INTO doc_updates (name, data, at) VALUES ($1, $2, $3)',
			documentName,
			update,
			nowIso()
		);
	}

	/** One statement, so one commit for all of them. */
	async appendMany(entries: { documentName: string; update: Uint8Array }[]): Promise<void> {
		if (entries.length === 0) return;
		await this.#db.run(
			`INSERT INTO doc_updates (name, data, at)
			 SELECT name, data, $3 FROM unnest($1::text[], $2::bytea[]) AS entry (name, data)`,
			entries.map((entry) => entry.documentName),
			entries.map((entry) => entry.update),
			nowIso()
		);
	}

	/** Snapshot and log read in one REPEATABLE READ transaction: one consistent view of both. */
	async load(documentName: string): Promise<StoredDocument | null> {
		return this.#db.transaction(
			async (tx) => {
				const snapshot = await readSnapshot(tx, documentName);
				const rows = await tx.all(
					'SELECT data FROM doc_updates WHERE name = $1 ORDER BY seq',
					documentName
				);
				const updates = rows.map((row) => toBytes(row.data));
				if (!snapshot && updates.length === 0) return null;
				return { snapshot, updates };
			},
			{ isolation: 'REPEATABLE READ', readOnly: true }
		);
	}

	/**
	 * Reads snapshot and log in one consistent view, merges with no transaction open (a worker
	 * thread may take half a second; appends must not wait), then, holding the document's lock,
	 * checks that every row it merged is still there: if another compaction (another instance)
	 * took them meanwhile, its snapshot holds them and this one writes nothing. Rows appended
	 * meanwhile were not read, so they are not deleted.
	 */
	async compact(
		documentName: string,
		merge: (parts: Uint8Array[]) => Uint8Array | Promise<Uint8Array>
	): Promise<void> {
		const read = await this.#db.transaction(
			async (tx) => {
				const rows = await tx.all(
					'SELECT seq, data FROM doc_updates WHERE name = $1 ORDER BY seq',
					documentName
				);
				return { rows, snapshot: rows.length > 0 ? await readSnapshot(tx, documentName) : null };
			},
			{ isolation: 'REPEATABLE READ', readOnly: true }
		);
		if (read.rows.length === 0) return;
		const parts = read.rows.map((row) => toBytes(row.data));
		const merged = await merge(read.snapshot ? [read.snapshot, ...parts] : parts);
		const seqs = read.rows.map((row) => String(row.seq));
		await this.#db.transaction(
			async (tx) => {
				const still = await tx.get(
					'SELECT COUNT(*) AS n FROM doc_updates WHERE name = $1 AND seq = ANY($2::bigint[])',
					documentName,
					seqs
				);
				if (Number(still?.n) !== seqs.length) return;
				await tx.run(
					`INSERT INTO doc_snapshots (name, snapshot, updated_at) VALUES ($1, $2, $3)
					 ON CONFLICT (name) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
					documentName,
					merged,
					nowIso()
				);
				await tx.run(
					'DELETE FROM doc_updates WHERE name = $1 AND seq = ANY($2::bigint[])',
					documentName,
					seqs
				);
			},
			{ lock: `compact:${documentName}` }
		);
	}

	async count(documentName: string): Promise<number> {
		const row = await this.#db.get(
			'SELECT COUNT(*) AS n FROM doc_updates WHERE name = $1',
			documentName
		);
		return Number(row?.n ?? 0);
	}
}

async function readSnapshot(tx: Transaction, documentName: string): Promise<Uint8Array | null> {
	const row = await tx.get('SELECT snapshot FROM doc_snapshots WHERE name = $1', documentName);
	return row ? toBytes(row.snapshot) : null;
}
