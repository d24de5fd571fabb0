import { describe, expect } from 'vitest';
import { startClamd } from '../helpers/clamd.ts';
import {
	deposit,
	pendingFiles,
	sophieRequests,
	storedFiles,
	type DepositTarget
} from '../helpers/deposits.ts';
import { test } from '../helpers/fixtures.ts';
import type { SpawnedNavette } from '../helpers/spawn.ts';

/** `CLAMD_URL` set: every deposit is scanned by a real ClamAV daemon before it is kept. */
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n${text}\n%%EOF\n`);
const INFECTED = pdf('EICAR-STANDARD-ANTIVIRUS-TEST');
/** A real ClamAV daemon for the file, with the test's signature; stopped after its last test. */
const it = test.extend(
	'clamd',
	{ scope: 'file' },
	// eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's dependencies from its pattern
	async ({}, { onCleanup }) => {
		const clamd = await startClamd({ 'Navette.Test.Eicar': INFECTED });
		onCleanup(() => clamd.stop());
		return clamd;
	}
);
let clamd: Awaited<ReturnType<typeof startClamd>>;
let server: SpawnedNavette;
let cookie: string;
let target: DepositTarget;
let dataDir: string;

it.beforeAll(async ({ fileTempDir, fileSpawnNavette, clamd: daemon }) => {
	clamd = daemon;
	dataDir = fileTempDir;
	server = await fileSpawnNavette({ dataDir, env: { CLAMD_URL: clamd.url } });
	const sophie = await sophieRequests(server.origin);
	cookie = sophie.cookie;
	target = sophie.target();
	sophie.provider.destroy();
}, 90_000);

describe('the virus scanner', () => {
	it('keeps a clean file', async () => {
		const response = await deposit(server.origin, cookie, target, {
			bytes: pdf('propre'),
			name: 'propre.pdf'
		});
		expect(response.status).toBe(201);
	});

	it('refuses an infected file with its name, and keeps nothing of it', async () => {
		const before = storedFiles(dataDir);
		const response = await deposit(server.origin, cookie, target, {
			bytes: INFECTED,
			name: 'facture.pdf'
		});
		expect(response.status).toBe(422);
		expect((await response.json()).message).toBe(
			'Ce fichier contient un virus (Navette.Test.Eicar.UNOFFICIAL) : il est refusé.'
		);
		expect(storedFiles(dataDir)).toEqual(before);
		expect(pendingFiles(dataDir)).toEqual([]);
	});

	it('keeps nothing unscanned while the scanner is down: the browser retries later', async () => {
		await clamd.stop();
		const before = storedFiles(dataDir);
		const response = await deposit(server.origin, cookie, target, {
			bytes: pdf('plus tard'),
			name: 'plus-tard.pdf'
		});
		expect(response.status).toBe(503);
		expect(storedFiles(dataDir)).toEqual(before);
	});
});
