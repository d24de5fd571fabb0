import { join } from 'node:path';
import type { Store } from './Store.ts';
import { PostgresStore } from './PostgresStore.ts';
import { SqliteStore } from './SqliteStore.ts';

/** The SQLite file inside `DATA_DIR`. */
export const SQLITE_FILE_NAME = 'navette.db';

/**
 * The store the configuration names (DESIGN §7): PostgreSQL when `databaseUrl` (DATABASE_URL) is
 * set, else SQLite in `<dataDir>/navette.db`. When DATABASE_URL is set and PostgreSQL cannot be
 * reached, this rejects rather than fall back to SQLite: several instances each writing to a local
 * file would silently diverge.
 */
export async function openStore(options: {
	dataDir: string;
	databaseUrl?: string;
}): Promise<Store> {
	if (options.databaseUrl) return PostgresStore.open(options.databaseUrl);
	return SqliteStore.open(join(options.dataDir, SQLITE_FILE_NAME));
}
