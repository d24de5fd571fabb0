import { DatabaseSync } from 'node:sqlite';
import { workerData } from 'node:worker_threads';

/**
 * `SqliteWriter`'s second thread: WAL checkpoints, which no commit runs any more (every
 * connection has `wal_autocheckpoint = 0`). Run by a commit, a checkpoint copies the WAL's pages
 * into the database file and fsyncs it, and every write waiting for that commit waited for it
 * too: tens to hundreds of milliseconds here, every thousand pages. Here a PASSIVE checkpoint
 * runs every `intervalMs`, beside the writes, which go on appending to the WAL meanwhile.
 */
const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new DatabaseSync(file);
db.exec('PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 0;');
setInterval(() => {
	try {
		db.exec('PRAGMA wal_checkpoint(PASSIVE)');
	} catch (error) {
		// The next one will try again; until then the WAL only grows.
		console.error('SQLite checkpoint failed', error);
	}
}, intervalMs);
