import { join } from 'node:path';
import type { Store } from './Store.ts';
import { SqliteStore } from './SqliteStore.ts';

/** The store the configuration names: PostgreSQL when `databaseUrl` is set, else SQLite in `dataDir`. */
export async function openStore(options: {
	dataDir: string;
	databaseUrl?: string;
}): Promise<Store> {
	if (options.databaseUrl) {
		throw new Error('DATABASE_URL is set, but the PostgreSQL store is not available yet.');
	}
	return SqliteStore.open(join(options.dataDir, 'navette.db'));
}
