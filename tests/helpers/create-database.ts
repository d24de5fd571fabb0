import { freshDatabase } from './postgres.ts';

/**
 * Creates a fresh PostgreSQL database and prints its URL: for the Playwright config, which is
 * loaded synchronously and so runs this as a child process; `tests/e2e/helpers/teardown.ts`
 * drops it.
 */
const { url } = await freshDatabase();
process.stdout.write(url);
