import { describe, expect } from 'vitest';
import { readRequests } from '../../src/lib/doc/requests.ts';
import type { InfoRequest } from '../../src/lib/domain/request.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { collabToken, loginCookie } from '../helpers/http.ts';
import { deposit, pendingFiles, storedFiles, type DepositTarget } from '../helpers/deposits.ts';
import type { TestProvider } from '../helpers/providers.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { SpawnedNavette } from '../helpers/spawn.ts';

/** Deposits and downloads through the real `npm start` process, with a 1 MiB limit. */
const LIMIT = 1024 * 1024;
let server: SpawnedNavette;
let origin: string;
let dataDir: string;
const cookies: Record<string, string> = {};
let sophieDoc: TestProvider;
let sophieClientId: string;
let requests: InfoRequest[];

test.beforeAll(async ({ fileTempDir, fileSpawnNavette, fileConnectProvider }) => {
	dataDir = fileTempDir;
	server = await fileSpawnNavette({ dataDir, env: { UPLOAD_MAX_MB: '1' } });
	origin = server.origin;
	for (const who of ['sophie', 'jean', 'paul'] as const) {
		cookies[who] = await loginCookie(origin, DEMO_ACCOUNTS[who], DEMO_PASSWORD);
	}
	const info = await collabToken(origin, cookies.sophie!);
	sophieClientId = String(info.clientId);
	sophieDoc = fileConnectProvider({
		url: `${origin.replace('http', 'ws')}/collab`,
		origin,
		name: `firm/${info.firmId}/clients/${sophieClientId}/requests`,
		token: String(info.token)
	});
	await sophieDoc.synced;
	requests = readRequests(sophieDoc.doc);
});

test.afterAll(() => {
	if (process.env.SHOW_SERVER) console.log(server.output.join('\n'));
});

const send = (
	who: string,
	target: DepositTarget,
	file: { bytes: Uint8Array<ArrayBuffer>; name: string },
	options?: { uploadId?: string; from?: string }
) => deposit(origin, cookies[who] ?? '', target, file, options);

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n${text}\n%%EOF\n`);

async function documentsOf(requestId: string, count: number) {
	await expect
		.poll(() => readRequests(sophieDoc.doc).find((r) => r.id === requestId)?.documents.length)
		.toBe(count);
	return readRequests(sophieDoc.doc).find((r) => r.id === requestId)!.documents;
}

describe('deposits', () => {
	it('stores a file, references it on the request live, and serves it back to its client', async () => {
		const target = { clientId: sophieClientId, requestId: requests[0]!.id };
		const response = await send('sophie', target, {
			bytes: pdf('avril'),
			name: 'Relevé avril.pdf'
		});
		expect(response.status).toBe(201);
		const { document } = await response.json();
		expect(document.name).toBe('Relevé avril.pdf');
		expect(document.gedPath).toMatch(/^Alter Ce\/\d{4}\/.+\/Relevé avril\.pdf$/);

		const [ref] = await documentsOf(target.requestId, 1);
		expect(ref!.fileId).toBe(document.fileId);

		const download = await fetch(`${origin}/api/files/${ref!.fileId}`, {
			headers: { cookie: cookies.sophie! }
		});
		expect(download.status).toBe(200);
		expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
		expect(download.headers.get('x-content-type-options')).toBe('nosniff');
		expect(download.headers.get('cache-control')).toBe('private, no-store');
		expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf('avril'));

		const staff = await fetch(`${origin}/api/files/${ref!.fileId}`, {
			headers: { cookie: cookies.paul! }
		});
		expect(staff.status).toBe(200);
	});

	it('recognises a retried upload and never attaches it twice', async () => {
		const target = { clientId: sophieClientId, requestId: requests[1]!.id };
		const uploadId = crypto.randomUUID();
		const first = await send(
			'sophie',
			target,
			{ bytes: pdf('mai'), name: 'mai.pdf' },
			{ uploadId }
		);
		const again = await send(
			'sophie',
			target,
			{ bytes: pdf('mai'), name: 'mai.pdf' },
			{ uploadId }
		);
		expect([first.status, again.status]).toEqual([201, 200]);
		expect((await again.json()).document.fileId).toBe(uploadId);
		await documentsOf(target.requestId, 1);
	});

	it('keeps identical content once on disk', async () => {
		const before = storedFiles(dataDir).length;
		const target = { clientId: sophieClientId, requestId: requests[2]!.id };
		expect((await send('sophie', target, { bytes: pdf('same'), name: 'a.pdf' })).status).toBe(201);
		expect((await send('sophie', target, { bytes: pdf('same'), name: 'b.pdf' })).status).toBe(201);
		expect(storedFiles(dataDir).length).toBe(before + 1);
		await documentsOf(target.requestId, 2);
	});

	it('refuses a file over the limit with a clear message, and keeps nothing of it', async () => {
		const before = storedFiles(dataDir);
		const target = { clientId: sophieClientId, requestId: requests[3]!.id };
		const response = await send('sophie', target, {
			bytes: new Uint8Array(LIMIT + 1),
			name: 'gros.pdf'
		});
		expect(response.status).toBe(413);
		expect((await response.json()).message).toBe(
			'Le fichier dépasse la taille maximale autorisée (1 Mo).'
		);
		expect(storedFiles(dataDir)).toEqual(before);
		expect(pendingFiles(dataDir)).toEqual([]);
		expect(readRequests(sophieDoc.doc).find((r) => r.id === target.requestId)!.documents).toEqual(
			[]
		);
	});

	it('refuses a body announced far over the limit before storing any of it', async () => {
		const before = storedFiles(dataDir);
		const target = { clientId: sophieClientId, requestId: requests[3]!.id };
		const response = await send('sophie', target, {
			bytes: new Uint8Array(1.5 * LIMIT),
			name: 'énorme.pdf'
		});
		expect(response.status).toBe(413);
		expect(storedFiles(dataDir)).toEqual(before);
	});

	it('accepts a file of exactly the limit', async () => {
		const target = { clientId: sophieClientId, requestId: requests[3]!.id };
		const bytes = new Uint8Array(LIMIT);
		bytes.set(pdf('juste'));
		const response = await send('sophie', target, { bytes, name: 'juste.pdf' });
		expect(response.status).toBe(201);
	});

	it('answers 404 to another client, to an unknown request, and without a session 401', async () => {
		const target = { clientId: sophieClientId, requestId: requests[0]!.id };
		const file = { bytes: pdf('x'), name: 'x.pdf' };
		expect((await send('jean', target, file)).status).toBe(404);
		expect(
			(await send('sophie', { clientId: sophieClientId, requestId: 'nope' }, file)).status
		).toBe(404);
		expect((await send('nobody', target, file)).status).toBe(401);
	});

	it('refuses a deposit posted from another site', async () => {
		const target = { clientId: sophieClientId, requestId: requests[0]!.id };
		const response = await send(
			'sophie',
			target,
			{ bytes: pdf('x'), name: 'x.pdf' },
			{ from: 'https://evil.example' }
		);
		expect(response.status).toBe(403);
	});

	it('refuses a malformed body', async () => {
		const url = `${origin}/api/clients/${sophieClientId}/requests/${requests[0]!.id}/documents`;
		const plain = await fetch(url, {
			method: 'POST',
			headers: { cookie: cookies.sophie!, origin, 'content-type': 'multipart/form-data' },
			body: 'garbage'
		});
		expect(plain.status).toBe(400);
		const form = new FormData();
		form.set('file', new Blob([pdf('x')]), 'x.pdf');
		const noId = await fetch(url, {
			method: 'POST',
			headers: { cookie: cookies.sophie!, origin },
			body: form
		});
		expect(noId.status).toBe(400);
		expect((await noId.json()).message).toMatch(/identifiant/);
	});

	it('serves a file to no one outside its client and firm', async () => {
		const [ref] = readRequests(sophieDoc.doc).find((r) => r.id === requests[0]!.id)!.documents;
		const jean = await fetch(`${origin}/api/files/${ref!.fileId}`, {
			headers: { cookie: cookies.jean! }
		});
		expect(jean.status).toBe(404);
		const anonymous = await fetch(`${origin}/api/files/${ref!.fileId}`, { redirect: 'manual' });
		expect(anonymous.status).toBe(401);
		const unknown = await fetch(`${origin}/api/files/${crypto.randomUUID()}`, {
			headers: { cookie: cookies.paul! }
		});
		expect(unknown.status).toBe(404);
	});

	it('refuses a large body on any other route', async () => {
		const response = await fetch(`${origin}/login`, {
			method: 'POST',
			headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'email=' + 'a'.repeat(2 * 1024 * 1024)
		});
		expect(response.status).toBe(413);
	});
});
