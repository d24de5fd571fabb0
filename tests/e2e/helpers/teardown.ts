import { admin } from '../../helpers/postgres.ts';

/** Drops the e2e cluster's database (see playwright.config.ts), whatever its servers still hold. */
export default async function teardown(): Promise<void> {
	const url = process.env.E2E_DATABASE_URL;
	if (!url) return;
	const name = new URL(url).pathname.slice(1);
	await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
