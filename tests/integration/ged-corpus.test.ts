import { describe, expect } from 'vitest';
import { readRequests } from '../../src/lib/doc/requests.ts';
import {
	deposit,
	pendingFiles,
	sophieRequests,
	storedFiles,
	type DepositTarget
} from '../helpers/deposits.ts';
import { residentBytes } from '../helpers/proc.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { SpawnedNavette } from '../helpers/spawn.ts';
import { badSamples, goodSamples } from '../fixtures/file-corpus.ts';

/**
 * Issue 6's corpus against the real process: every accepted kind is recognised from its content
 * and filed under client / year / category / period; every bad file is refused with its French
 * reason and leaves nothing behind, on disk or on the request.
 */
const LIMIT_MB = 8;
let server: SpawnedNavette;
let cookie: string;
let target: DepositTarget;
let documentCount: () => number;
let dataDir: string;

test.beforeAll(async ({ fileTempDir, fileSpawnNavette, fileConnectProvider }) => {
	dataDir = fileTempDir;
	server = await fileSpawnNavette({
		dataDir,
		env: { UPLOAD_MAX_MB: String(LIMIT_MB) }
	});
	const sophie = await sophieRequests(server.origin, fileConnectProvider);
	cookie = sophie.cookie;
	// « Relevé bancaire avril 2019 » belongs to the task « TVA 04/2019 » (TVA, period 2019-04).
	target = sophie.target('Relevé bancaire avril 2019');
	documentCount = () =>
		readRequests(sophie.provider.doc).find((r) => r.id === target.requestId)!.documents.length;
});

describe('the GED accepts each allowed kind by its content and files it', async () => {
	for (const sample of await goodSamples()) {
		it(`${sample.name}`, async () => {
			const response = await deposit(server.origin, cookie, target, {
				bytes: new Uint8Array(sample.bytes),
				name: sample.name,
				// The declared type is a lie on purpose: only the content counts.
				type: 'application/octet-stream'
			});
			expect(response.status, await response.clone().text()).toBe(201);
			const { document } = await response.json();
			expect(sample.expect).toMatchObject({ mime: document.mime });
			expect(document.gedPath).toBe(`Alter Ce/2019/TVA/2019-04/${sample.name}`);
		});
	}
});

describe('the GED refuses bad files with a clear reason and keeps nothing', async () => {
	const samples = [
		...(await badSamples()),
		{
			name: '../../etc/passwd.pdf',
			bytes: Buffer.from('%PDF-1.4\n%%EOF\n'),
			expect: { refused: /ne doit pas contenir de chemin/ }
		}
	];
	for (const sample of samples) {
		it(`${sample.name}`, async () => {
			const before = storedFiles(dataDir);
			const documents = documentCount();
			const response = await deposit(server.origin, cookie, target, {
				bytes: new Uint8Array(sample.bytes),
				name: sample.name
			});
			expect([400, 415]).toContain(response.status);
			const { message } = await response.json();
			expect(message).toMatch('refused' in sample.expect ? sample.expect.refused : /never/);
			expect(storedFiles(dataDir)).toEqual(before);
			expect(pendingFiles(dataDir)).toEqual([]);
			expect(documentCount()).toBe(documents);
		});
	}
});

describe('streaming', () => {
	it('reads an oversized upload with bounded memory and refuses it', async () => {
		const rss = () => residentBytes(server.child.pid!);
		const before = rss();
		let peak = before;
		const sampler = setInterval(() => (peak = Math.max(peak, rss())), 5);
		// 5 MiB chunks streamed without a Content-Length, past the 8 MiB limit, for 40 MiB in all.
		const boundary = 'navette-boundary';
		const head = Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="uploadId"\r\n\r\n${crypto.randomUUID()}\r\n` +
				`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gros.pdf"\r\n` +
				'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n'
		);
		let sent = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent === 0) controller.enqueue(head);
				if (sent >= 40 * 1024 * 1024) {
					controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
					controller.close();
					return;
				}
				sent += 5 * 1024 * 1024;
				controller.enqueue(Buffer.alloc(5 * 1024 * 1024, 0x20));
			}
		});
		const response = await fetch(
			`${server.origin}/api/clients/${target.clientId}/requests/${target.requestId}/documents`,
			{
				method: 'POST',
				headers: {
					cookie,
					origin: server.origin,
					'content-type': `multipart/form-data; boundary=${boundary}`
				},
				body,
				duplex: 'half'
			} as RequestInit
		).catch((error: unknown) => error);
		clearInterval(sampler);
		// Past the bound, the server stops reading: the answer or a closed connection, never a
		// stored file, and never the whole body in memory.
		if (response instanceof Response) expect(response.status).toBe(413);
		expect(peak - before).toBeLessThan(24 * 1024 * 1024);
		await expect.poll(() => pendingFiles(dataDir)).toEqual([]);
	});
});
