import type { StoredDocument } from './Store.ts';
import type { Queries, SqlDatabase } from './sql-database.ts';
import { toBytes } from './store-rows.ts';
import { nowIso } from './store-rules.ts';

/**
 * The durable Yjs update log (DESIGN §4), on either dialect: `doc_updates` holds the updates
 * appended since the last compaction, `doc_snapshots` the merge of everything before. Kept in its
 * own file because it carries the promise Navette cannot break: an acknowledged edit is never lost.
 */
export class DocumentLog {
	readonly #db: SqlDatabase;

	constructor(db: SqlDatabase) {
		this.#db = db;
	}

	/**
	 * Durable once it resolves: SQLite fsyncs the WAL at the commit (WAL + synchronous=FULL), in
	 * its writer's thread; PostgreSQL commits with `synchronous_commit = on`.
	 */
	append(documentName: string, update: Uint8Array): Promise<void> {
		return this.appendMany([{ documentName, update }]);
	}

	/** All or none, with one commit (one fsync) for all of them, off the event loop on SQLite. */
	async appendMany(entries: { documentName: string; update: Uint8Array }[]): Promise<void> {
		if (entries.length === 0) return;
		const at = nowIso();
		await this.#db.insertMany(
			'doc_updates',
			['name', 'data', 'at'],
			entries.map(({ documentName, update }) => [documentName, update, at])
		);
	}

	/**
	 * Snapshot and log read in one consistent view: another instance, or another process on the
	 * SQLite file, compacting between the two reads would otherwise make the merged updates vanish
	 * from both.
	 */
	async load(documentName: string): Promise<StoredDocument | null> {
		return this.#db.transaction(
			async (tx) => {
				const snapshot = await readSnapshot(tx, documentName);
				const rows = await tx.all(
					'SELECT data FROM doc_updates WHERE name = ? ORDER BY seq',
					documentName
				);
				const updates = rows.map((row) => toBytes(row.data));
				if (!snapshot && updates.length === 0) return null;
				return { snapshot, updates };
			},
			{ mode: 'read' }
		);
	}

	/**
	 * Reads snapshot and log in one consistent view, merges with no transaction open (the merge of
	 * a large document may take a worker thread half a second; appends must not wait for it), then
	 * writes in a second transaction, holding the document's lock, that first checks the rows it
	 * merged are all still there: if another compaction (another instance or process) took them
	 * meanwhile, its snapshot holds them already and this one writes nothing. It deletes exactly
	 * the rows it read (`seqsRead`, the one part said per dialect), so rows appended meanwhile
	 * stay. If `merge` throws, nothing changed.
	 */
	async compact(
		documentName: string,
		merge: (parts: Uint8Array[]) => Uint8Array | Promise<Uint8Array>
	): Promise<void> {
		const read = await this.#db.transaction(
			async (tx) => {
				const rows = await tx.all(
					'SELECT seq, data FROM doc_updates WHERE name = ? ORDER BY seq',
					documentName
				);
				return { rows, snapshot: rows.length > 0 ? await readSnapshot(tx, documentName) : null };
			},
			{ mode: 'read' }
		);
		if (read.rows.length === 0) return;
		const parts = read.rows.map((row) => toBytes(row.data));
		const merged = await merge(read.snapshot ? [read.snapshot, ...parts] : parts);
		const seqs = this.#db.seqsRead(read.rows.map((row) => String(row.seq)));
		// Both statements write only if every row merged is still there, checked in the same
		// transaction; off the event loop like the appends (SQLite's writer thread), since a
		// snapshot can be megabytes and its commit an fsync.
		const still = `(SELECT COUNT(*) FROM doc_updates WHERE name = ? AND ${seqs.sql}) = ?`;
		const stillParams = [documentName, seqs.param, read.rows.length];
		await this.#db.writeBatch(
			[
				{
					sql: `INSERT INTO doc_snapshots (name, snapshot, updated_at) SELECT ?, ?, ? WHERE ${still}
					 ON CONFLICT (name) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
					params: [documentName, merged, nowIso(), ...stillParams]
				},
				{
					sql: `DELETE FROM doc_updates WHERE name = ? AND ${seqs.sql} AND ${still}`,
					params: [documentName, seqs.param, ...stillParams]
				}
			],
			{ lock: `compact:${documentName}` }
		);
	}

	async count(documentName: string): Promise<number> {
		const row = await this.#db.get(
			'SELECT COUNT(*) AS n FROM doc_updates WHERE name = ?',
			documentName
		);
		return Number(row?.n ?? 0);
	}
}

async function readSnapshot(tx: Queries, documentName: string): Promise<Uint8Array | null> {
	const row = await tx.get('SELECT snapshot FROM doc_snapshots WHERE name = ?', documentName);
	return row ? toBytes(row.snapshot) : null;
}
