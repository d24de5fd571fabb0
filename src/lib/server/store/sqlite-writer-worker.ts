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

type Write = { statements: { sql: string; params: Param[] }[] };
type Outcome = { results: unknown[][] } | { error: { message: string; errcode?: number } };

/**
 * The writes that were waiting together go in one transaction, so one fsync for all of them;
 * each in a savepoint of its own, so that one that fails (a constraint) is undone alone and the
 * others are still committed.
 */
parentPort!.on('message', ({ writes }: { writes: Write[] }) => {
	try {
		db.exec('BEGIN IMMEDIATE');
		const outcomes = writes.map(run);
		db.exec('COMMIT');
		parentPort!.postMessage({ outcomes });
	} catch (error) {
		if (db.isTransaction) db.exec('ROLLBACK');
		const failed = failure(error);
		parentPort!.postMessage({ outcomes: writes.map(() => failed) });
	}
});

function run({ statements }: Write): Outcome {
	db.exec('SAVEPOINT write');
	try {
		const results = statements.map(({ sql, params }) => {
			const prepared = statement(sql);
			if (prepared.columns().length > 0) return prepared.all(...params);
			prepared.run(...params);
			return [];
		});
		db.exec('RELEASE write');
		return { results };
	} catch (error) {
		db.exec('ROLLBACK TO write');
		db.exec('RELEASE write');
		return failure(error);
	}
}

function failure(error: unknown): Outcome {
	const { message, errcode } = error as Error & { errcode?: number };
	return { error: { message: String(message), errcode } };
}
