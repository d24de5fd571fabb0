import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * `SqliteWriter`'s thread: a second connection to the same file, which runs each batch of
 * statements in one transaction. Its commit fsyncs the WAL (synchronous=FULL, as the main
 * connection), here, where waiting for the disk holds up no one but the batch. The file's WAL
 * mode and schema are the main connection's doing: it opened and migrated the file first.
 */
type Param = string | number | bigint | null | Uint8Array;

const db = new DatabaseSync((workerData as { file: string }).file);
db.exec('PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
const prepared = new Map<string, StatementSync>();

function statement(sql: string): StatementSync {
	let found = prepared.get(sql);
	if (!found) {
		found = db.prepare(sql);
		prepared.set(sql, found);
	}
	return found;
}

parentPort!.on(
	'message',
	({ id, statements }: { id: number; statements: { sql: string; params: Param[] }[] }) => {
		try {
			db.exec('BEGIN IMMEDIATE');
			const results = statements.map(({ sql, params }) => {
				const prepared = statement(sql);
				if (prepared.columns().length > 0) return prepared.all(...params);
				prepared.run(...params);
				return [];
			});
			db.exec('COMMIT');
			parentPort!.postMessage({ id, results });
		} catch (error) {
			if (db.isTransaction) db.exec('ROLLBACK');
			const { message, errcode } = error as Error & { errcode?: number };
			parentPort!.postMessage({ id, error: { message: String(message), errcode } });
		}
	}
);
