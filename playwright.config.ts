import { defineConfig, devices } from '@playwright/test';
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
		}
	]
});
