import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * True for {@link FileTooLargeError}. By name, not `instanceof`: the built app bundles its own
 * copy of this module beside the one the Node entry loads, and an error crosses between them.
 */
export function isFileTooLarge(error: unknown): error is FileTooLargeError {
	return error instanceof Error && error.name === 'FileTooLargeError';
}

/** Thrown while streaming when a file grows past the limit; nothing of it is kept. */
export class FileTooLargeError extends Error {
	readonly limit: number;
	constructor(limit: number) {
		super(`File larger than ${limit} bytes`);
		this.name = 'FileTooLargeError';
		this.limit = limit;
	}
}

export interface StoredBytes {
	sha256: string;
	size: number;
}

/**
 * The bytes of deposited files, under `DATA_DIR/files`, each named by the SHA-256 of its content:
 * no name a user chose ever reaches the file system, and the same file deposited twice is kept
 * once. A file is written to `tmp/` first and renamed into place only once complete and hashed,
 * so a half-received upload is never visible under a content name.
 */
export class FileVault {
	readonly #root: string;

	constructor(root: string) {
		this.#root = root;
	}

	/**
	 * Streams `source` to disk, hashing as it goes. Past `limit` bytes it stops writing, reads the
	 * source to its end (so that an HTTP client gets to read the refusal instead of a reset
	 * connection; the caller bounds the source), removes what was written and rejects with
	 * {@link FileTooLargeError}. `inspect` sees the complete file before it is kept, and its answer
	 * is returned with the file's; if it throws, the file is removed and the error passed on.
	 */
	async receive<T>(
		source: Readable,
		limit: number,
		inspect: (path: string, size: number) => Promise<T>
	): Promise<StoredBytes & { inspection: T }> {
		const tmpDir = join(this.#root, 'tmp');
		await mkdir(tmpDir, { recursive: true });
		const tmp = join(tmpDir, randomUUID());
		const hash = createHash('sha256');
		let size = 0;
		const handle = await open(tmp, 'wx', 0o600);
		try {
			for await (const chunk of source as AsyncIterable<Buffer>) {
				size += chunk.length;
				if (size > limit) continue;
				hash.update(chunk);
				await handle.write(chunk);
			}
			if (size > limit) throw new FileTooLargeError(limit);
			// The metadata that names this file is committed next: its bytes must be on disk first.
			await handle.sync();
		} catch (error) {
			await handle.close();
			await rm(tmp, { force: true });
			throw error;
		}
		await handle.close();
		let inspection: T;
		try {
			inspection = await inspect(tmp, size);
		} catch (error) {
			await rm(tmp, { force: true });
			throw error;
		}
		const sha256 = hash.digest('hex');
		const target = this.pathOf(sha256);
		await mkdir(join(target, '..'), { recursive: true });
		await rename(tmp, target);
		return { sha256, size, inspection };
	}

	/** Reads a stored file; rejects when it is missing. */
	async read(sha256: string): Promise<{ size: number; stream: ReadStream }> {
		const path = this.pathOf(sha256);
		const { size } = await stat(path);
		return { size, stream: createReadStream(path) };
	}

	pathOf(sha256: string): string {
		if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('Not a SHA-256');
		return join(this.#root, sha256.slice(0, 2), sha256);
	}
}
