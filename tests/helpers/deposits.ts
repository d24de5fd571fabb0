import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRequests } from '../../src/lib/doc/requests.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { collabToken, loginCookie } from './http.ts';
import { connectProvider } from './providers.ts';

export interface DepositTarget {
	clientId: string;
	requestId: string;
}

/** `POST` of one file to a request, as the portal's outbox sends it. */
export function deposit(
	origin: string,
	cookie: string,
	target: DepositTarget,
	file: { bytes: Uint8Array<ArrayBuffer>; name: string; type?: string },
	options: { uploadId?: string; from?: string } = {}
): Promise<Response> {
	const form = new FormData();
	form.set('uploadId', options.uploadId ?? crypto.randomUUID());
	form.set('file', new Blob([file.bytes], { type: file.type ?? 'application/pdf' }), file.name);
	return fetch(`${origin}/api/clients/${target.clientId}/requests/${target.requestId}/documents`, {
		method: 'POST',
		headers: { cookie, origin: options.from ?? origin },
		body: form
	});
}

/** Every file kept in the data folder's vault (not the half-received ones in `tmp/`). */
export function storedFiles(dataDir: string): string[] {
	const root = join(dataDir, 'files');
	return readdirSync(root, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && !entry.parentPath.startsWith(join(root, 'tmp')))
		.map((entry) => join(entry.parentPath, entry.name));
}

export function pendingFiles(dataDir: string): string[] {
	return readdirSync(join(dataDir, 'files', 'tmp'));
}

/**
 * Sophie (Alter Ce), signed in to a spawned server through `POST /login`, with her requests
 * document open as her portal has it: what the deposit tests start from. `connect` is
 * `connectProvider` or a fixture of it, which then destroys the provider.
 */
export async function sophieRequests(origin: string, connect = connectProvider) {
	const cookie = await loginCookie(origin, DEMO_ACCOUNTS.sophie, DEMO_PASSWORD);
	const info = await collabToken(origin, cookie);
	const provider = connect({
		url: `${origin.replace('http', 'ws')}/collab`,
		origin,
		name: `firm/${info.firmId}/clients/${info.clientId}/requests`,
		token: String(info.token)
	});
	await provider.synced;
	const clientId = String(info.clientId);
	return {
		cookie,
		provider,
		/** The deposit target of the request with that title (the first one when none is given). */
		target(title?: string): DepositTarget {
			const requests = readRequests(provider.doc);
			const request = title ? requests.find((r) => r.title === title) : requests[0];
			if (!request) throw new Error(`No request « ${title} »`);
			return { clientId, requestId: request.id };
		}
	};
}
