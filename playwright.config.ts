import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = Number(process.env.E2E_PORT ?? 4317);
const ORIGIN = `http://localhost:${PORT}`;
// A fresh data folder per run: the demo firm is seeded anew and runs never see each other.
const DATA_DIR = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'navette-e2e-'));
process.env.E2E_DATA_DIR = DATA_DIR;
// A second server on an empty data folder and no seed, for the first-run journey.
const FRESH_PORT = PORT + 1;
const FRESH_ORIGIN = `http://localhost:${FRESH_PORT}`;
const FRESH_DATA_DIR =
	process.env.E2E_FRESH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'navette-e2e-fresh-'));
process.env.E2E_FRESH_DATA_DIR = FRESH_DATA_DIR;
process.env.E2E_FRESH_ORIGIN = FRESH_ORIGIN;
// Two more servers, one deployment of several instances (DESIGN §1): one PostgreSQL database made
// for this run, one Redis namespace, one shared DATA_DIR. The config is read again by each worker;
// the environment carries what the first read made.
const CLUSTER_PORTS = [PORT + 2, PORT + 3];
const CLUSTER_ORIGINS = CLUSTER_PORTS.map((port) => `http://localhost:${port}`);
process.env.E2E_CLUSTER_ORIGINS = CLUSTER_ORIGINS.join(' ');
const CLUSTER_DATA_DIR =
	process.env.E2E_CLUSTER_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'navette-e2e-cluster-'));
process.env.E2E_CLUSTER_DATA_DIR = CLUSTER_DATA_DIR;
const DATABASE_URL =
	process.env.E2E_DATABASE_URL ??
	execFileSync(process.execPath, ['tests/helpers/create-database.ts'], { encoding: 'utf8' });
process.env.E2E_DATABASE_URL = DATABASE_URL;
// The reminders' journey (relances.e2e.ts): the demo firm once more, sending through a real SMTP
// server the run starts first (tests/e2e/helpers/smtp-sink-server.ts), whose mails the spec reads.
const RELANCES_PORT = PORT + 4;
const RELANCES_ORIGIN = `http://localhost:${RELANCES_PORT}`;
const SMTP_PORT = PORT + 5;
const SMTP_HTTP_PORT = PORT + 6;
process.env.E2E_RELANCES_ORIGIN = RELANCES_ORIGIN;
process.env.E2E_SMTP_MAILS = `http://127.0.0.1:${SMTP_HTTP_PORT}/mails`;
const RELANCES_DATA_DIR =
	process.env.E2E_RELANCES_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'navette-e2e-relances-'));
process.env.E2E_RELANCES_DATA_DIR = RELANCES_DATA_DIR;
const REDIS_PREFIX = process.env.E2E_REDIS_PREFIX ?? `navette-e2e-${process.pid}`;
process.env.E2E_REDIS_PREFIX = REDIS_PREFIX;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 30_000,
	expect: { timeout: 5_000 },
	reporter: process.env.CI ? 'list' : [['list']],
	use: {
		baseURL: ORIGIN,
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	globalTeardown: './tests/e2e/helpers/teardown.ts',
	webServer: [
		{
			command: 'node server/index.ts',
			url: `${ORIGIN}/healthz`,
			reuseExistingServer: false,
			stdout: 'pipe',
			timeout: 60_000,
			// A lower upload limit than the default 50 MB, so that a file over it stays cheap to make.
			env: {
				PORT: String(PORT),
				HOST: '127.0.0.1',
				ORIGIN,
				DATA_DIR,
				SEED: 'demo',
				UPLOAD_MAX_MB: '25'
			}
		},
		{
			command: 'node server/index.ts',
			url: `${FRESH_ORIGIN}/healthz`,
			reuseExistingServer: false,
			stdout: 'pipe',
			timeout: 60_000,
			env: {
				PORT: String(FRESH_PORT),
				HOST: '127.0.0.1',
				ORIGIN: FRESH_ORIGIN,
				DATA_DIR: FRESH_DATA_DIR,
				SEED: 'none'
			}
		},
		{
			command: 'node tests/e2e/helpers/smtp-sink-server.ts',
			url: `http://127.0.0.1:${SMTP_HTTP_PORT}/mails`,
			reuseExistingServer: false,
			stdout: 'pipe',
			timeout: 30_000,
			env: { SMTP_PORT: String(SMTP_PORT), HTTP_PORT: String(SMTP_HTTP_PORT) }
		},
		{
			command: 'node tests/e2e/helpers/prepare-relances.ts && node server/index.ts',
			url: `${RELANCES_ORIGIN}/healthz`,
			reuseExistingServer: false,
			stdout: 'pipe',
			timeout: 60_000,
			env: {
				PORT: String(RELANCES_PORT),
				HOST: '127.0.0.1',
				ORIGIN: RELANCES_ORIGIN,
				DATA_DIR: RELANCES_DATA_DIR,
				SEED: 'demo',
				SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
				MAIL_FROM: 'Cabinet Martin <relances@cabinet-martin.fr>'
			}
		},
		// The first instance seeds the demo firm into the empty database; Playwright starts the
		// servers one after the other, so the second finds it there.
		...CLUSTER_PORTS.map((port, i) => ({
			command: 'node server/index.ts',
			url: `${CLUSTER_ORIGINS[i]}/healthz`,
			reuseExistingServer: false,
			stdout: 'pipe' as const,
			timeout: 60_000,
			env: {
				PORT: String(port),
				HOST: '127.0.0.1',
				ORIGIN: CLUSTER_ORIGINS[i]!,
				DATA_DIR: CLUSTER_DATA_DIR,
				SEED: i === 0 ? 'demo' : 'none',
				DATABASE_URL,
				REDIS_URL: process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379',
				REDIS_PREFIX
			}
		}))
	]
});
