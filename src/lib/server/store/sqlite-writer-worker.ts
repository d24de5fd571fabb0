import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Outcome, WriterReply, WriterRequest } from './SqliteWriter.ts';

/**
 * `SqliteWriter`'s thread: a second connection to the same file, which runs the writes it is
 * sent in transactions. Its commit fsyncs the WAL (synchronous=FULL, as the main connection),
 * here, where waiting for the disk holds up no one but those writes. The file's WAL mode and
 * schema are the main connection's doing: it opened and migrated the file first.
 */
type Param = string | number | bigint | null | Uint8Array;

const { file, port } = workerData as { file: string; port: MessagePort };
const db = new DatabaseSync(file);
db.exec(`PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;
	PRAGMA wal_autocheckpoint = 0;`);
/** A prepared statement, and whether it returns rows (asked once: `columns()` allocates). */
interface Prepared {
	statement: StatementSync;
	returnsRows: boolean;
}
const prepared = new Map<string, Prepared>();

function statement(sql: string): Prepared {
	let found = prepared.get(sql);
	if (!found) {
		const statement = db.prepare(sql);
		found = { statement, returnsRows: statement.columns().length > 0 };
		prepared.set(sql, found);
	}
	return found;
}

// Run for every transaction or write: prepared once rather than parsed each time by `exec`.
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const savepoint = db.prepare('SAVEPOINT write');
const release = db.prepare('RELEASE write');
const rollbackTo = db.prepare('ROLLBACK TO write');

type Write = WriterRequest['writes'][number];

/**
 * Every request that queued up while the last transaction ran goes in the next one, so one fsync
 * for all of them; each write in a savepoint of its own, so that one that fails (a constraint) is
 * undone alone and the others are still committed.
 */
port.on('message', (first: WriterRequest) => {
	const requests = [first];
	for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) {
		requests.push(next.message as WriterRequest);
	}
	let reply: WriterReply;
	try {
		begin.run();
		const outcomes = requests.map(({ writes }) => writes.map(run));
		commit.run();
		reply = { outcomes };
	} catch (error) {
		if (db.isTransaction) db.exec('ROLLBACK');
		const failed = failure(error);
		reply = { outcomes: requests.map(({ writes }) => writes.map(() => failed)) };
	}
	port.postMessage(reply);
});

function run({ statements }: Write): Outcome {
	savepoint.run();
	try {
		const results = statements.map(({ sql, params }) => {
			const found = statement(sql);
			if (found.returnsRows) return found.statement.all(...(params as Param[]));
			found.statement.run(...(params as Param[]));
			return [];
		});
		release.run();
		return { results } as Outcome;
	} catch (error) {
		rollbackTo.run();
		release.run();
		return failure(error);
	}
}

function failure(error: unknown): Outcome {
	const { message, errcode } = error as Error & { errcode?: number };
	return { error: { message: String(message), errcode } };
}
