import type { StoredDocument } from './Store.ts';
import type { SqliteDatabase } from './SqliteDatabase.ts';
import { toBytes } from './store-rows.ts';
import { nowIso } from './store-rules.ts';

/**
 * The durable Yjs update log of `SqliteStore` (DESIGN §4): `doc_updates` holds the updates appended
 * since the last compaction, `doc_snapshots` the merge of everything before. Kept in its own file
 * because it carries the promise Navette cannot break: an acknowledged edit is never lost.
 */
export class SqliteDocumentLog {
	readonly #db: SqliteDatabase;

	constructor(db: SqliteDatabase) {
		this.#db = db;
	}

	/**
	 * One autocommitted INSERT. Under WAL + synchronous=FULL, SQLite fsyncs the WAL before the
	 * statement returns, so by the time this promise resolves the update survives a crash.
	 */
	async append(documentName: string, update: Uint8Array): Promise<void> {
		this.#db.run(
			'INSERT INTO doc_updates (name, data, at) VALUES (?, ?, ?)',
			documentName,
			update,
			nowIso()
		);
	}

	/** One transaction, so one fsync for all of them. */
	async appendMany(entries: { documentName: string; update: Uint8Array }[]): Promise<void> {
		const at = nowIso();
		this.#db.transaction('IMMEDIATE', () => {
			for (const { documentName, update } of entries) {
				this.#db.run(
					'INSERT INTO doc_updates (name, data, at) VALUES (?, ?, ?)',
					documentName,
					update,
					at
				);
			}
		});
	}

	/**
	 * Snapshot and log read in one transaction: another process on the same file (a script, a
	 * second server during a restart) compacting between the two reads would otherwise make the
	 * merged updates vanish from both.
	 */
	async load(documentName: string): Promise<StoredDocument | null> {
		return this.#db.transaction('DEFERRED', () => {
			const snapshot = this.#snapshot(documentName);
			const updates = this.#db
				.all('SELECT data FROM doc_updates WHERE name = ? ORDER BY seq', documentName)
				.map((row) => toBytes(row.data));
			if (!snapshot && updates.length === 0) return null;
			return { snapshot, updates };
		});
	}

	/**
	 * Reads snapshot and log in one transaction, merges with no transaction open (the merge of a
	 * large document may take a worker thread half a second; appends must not wait for it), then
	 * writes in a second transaction that first checks the rows it merged are all still there:
	 * if another compaction (another process on the file) took them meanwhile, its snapshot holds
	 * them already and this one writes nothing. Rows appended meanwhile have higher seqs and stay.
	 * If `merge` throws, nothing changed.
	 */
	async compact(
		documentName: string,
		merge: (parts: Uint8Array[]) => Uint8Array | Promise<Uint8Array>
	): Promise<void> {
		const read = this.#db.transaction('DEFERRED', () => {
			const rows = this.#db.all(
				'SELECT seq, data FROM doc_updates WHERE name = ? ORDER BY seq',
				documentName
			);
			return { rows, snapshot: rows.length > 0 ? this.#snapshot(documentName) : null };
		});
		const last = read.rows.at(-1);
		if (!last) return;
		const parts = read.rows.map((row) => toBytes(row.data));
		const merged = await merge(read.snapshot ? [read.snapshot, ...parts] : parts);
		const lastSeq = Number(last.seq);
		this.#db.transaction('IMMEDIATE', () => {
			const still = this.#db.get(
				'SELECT COUNT(*) AS n FROM doc_updates WHERE name = ? AND seq <= ?',
				documentName,
				lastSeq
			);
			if (Number(still?.n) !== read.rows.length) return;
			this.#db.run(
				`INSERT INTO doc_snapshots (name, snapshot, updated_at) VALUES (?, ?, ?)
				 ON CONFLICT (name) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
				documentName,
				merged,
				nowIso()
			);
			this.#db.run('DELETE FROM doc_updates WHERE name = ? AND seq <= ?', documentName, lastSeq);
		});
	}

	async count(documentName: string): Promise<number> {
		const row = this.#db.get('SELECT COUNT(*) AS n FROM doc_updates WHERE name = ?', documentName);
		return Number(row?.n ?? 0);
	}

	#snapshot(documentName: string): Uint8Array | null {
		const row = this.#db.get('SELECT snapshot FROM doc_snapshots WHERE name = ?', documentName);
		return row ? toBytes(row.snapshot) : null;
	}
}
