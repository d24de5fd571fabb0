import { join } from 'node:path';
import type { Store } from './Store.ts';
import { SqliteStore } from './SqliteStore.ts';

/** The SQLite file inside `DATA_DIR`. */
export const SQLITE_FILE_NAME = 'navette.db';

/**
 * The store the configuration names (DESIGN §7): PostgreSQL when `databaseUrl` (DATABASE_URL) is
 * set, else SQLite in `<dataDir>/navette.db`. Async because opening PostgreSQL will be. Throws
 * rather than falling back to SQLite when DATABASE_URL is set: several instances each writing to a
 * local file would silently diverge.
 */
export async function openStore(options: {
	dataDir: string;
	databaseUrl?: string;
}): Promise<Store> {
	if (options.databaseUrl) {
		throw new Error(
			'PostgreSQL store not implemented yet: unset DATABASE_URL to use SQLite in DATA_DIR'
		);
	}
	return SqliteStore.open(join(options.dataDir, SQLITE_FILE_NAME));
}
