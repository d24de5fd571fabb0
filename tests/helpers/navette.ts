import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNavette, type Navette } from '../../server/app.ts';
import type { Clock } from '../../src/lib/server/jobs/clock.ts';
import type { JobDefinition } from '../../src/lib/server/jobs/Scheduler.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { issueCollabToken } from '../../src/lib/server/auth/collab-token.ts';
import { startSession } from '../../src/lib/server/auth/sessions.ts';
import { digest } from '../../src/lib/server/auth/tokens.ts';
import { freePort } from './ports.ts';

export interface TestNavette {
	navette: Navette;
	config: Config;
	/** `ws://127.0.0.1:<port>/collab` */
	url: string;
	origin: string;
	/** A collab token for a fresh session of the user with that e-mail. */
	tokenFor(email: string): Promise<string>;
	close(): Promise<void>;
}

/**
 * A real Navette (store, Hocuspocus with every extension, WebSocket upgrades) on a random port and
 * a fresh data folder; the HTTP pages are left out: tokens are minted as `/api/collab-token` does.
 */
export async function startNavette(
	options: {
		seed?: 'demo' | 'none';
		dataDir?: string;
		env?: NodeJS.ProcessEnv;
		warmIdleMs?: number;
		clock?: Clock;
		jobs?: JobDefinition[];
		/** The daily reminder pass; off for tests whose outbox must hold only their messages. */
		reminders?: boolean;
		recurring?: boolean;
	} = {}
): Promise<TestNavette> {
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'navette-it-'));
	const port = await freePort();
	const config = loadConfig({
		PORT: String(port),
		HOST: '127.0.0.1',
		DATA_DIR: dataDir,
		SEED: options.seed ?? 'demo',
		...options.env
	});
	const navette = await createNavette(config, {
		log: () => {},
		warmIdleMs: options.warmIdleMs,
		clock: options.clock,
		jobs: options.jobs,
		reminders: options.reminders,
		recurring: options.recurring
	});
	await navette.listen();
	return {
		navette,
		config,
		url: `ws://127.0.0.1:${port}/collab`,
		origin: config.origin,
		async tokenFor(email) {
			const user = await navette.store.getUserByEmail(email);
			if (!user) throw new Error(`No user ${email}`);
			const { token } = await startSession(navette.store, user.id);
			return issueCollabToken(config.sessionSecret, { sid: digest(token), uid: user.id });
		},
		async close() {
			await navette.close();
			if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
