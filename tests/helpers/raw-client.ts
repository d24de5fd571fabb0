import { AuthMessageType } from '@hocuspocus/common';
import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { writeSyncStep1 } from 'y-protocols/sync';

/** One frame the server sent, decoded as far as the tests need. */
export interface Frame {
	documentName: string;
	type: number;
	/** For Auth frames: Authenticated or PermissionDenied, and the reason. */
	auth?: { type: number; reason: string };
	/** For Close frames (one document's connection closed by the server): the reason. */
	close?: { reason: string };
}

/**
 * A bare Hocuspocus client that speaks the wire protocol by hand and records every frame, so a test
 * can prove what a refused connection did (not) receive — something a provider hides.
 */
export class RawClient {
	readonly frames: Frame[] = [];
	readonly #socket: WebSocket;
	readonly #waiters = new Set<() => void>();

	private constructor(socket: WebSocket) {
		this.#socket = socket;
		socket.on('message', (data: Buffer) => {
			this.frames.push(decodeFrame(new Uint8Array(data)));
			for (const wake of this.#waiters) wake();
		});
	}

	static open(url: string, origin: string | null): Promise<RawClient> {
		const socket = new WebSocket(url, origin ? { origin } : {});
		return new Promise((resolve, reject) => {
			socket.once('open', () => resolve(new RawClient(socket)));
			socket.once('error', reject);
			socket.once('unexpected-response', (_req, res) =>
				reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }))
			);
		});
	}

	/** Asks for a document as a provider does: token first, then sync step 1. */
	requestDocument(documentName: string, token: string): void {
		const auth = encoding.createEncoder();
		encoding.writeVarString(auth, documentName);
		encoding.writeVarUint(auth, MessageType.Auth);
		encoding.writeVarUint(auth, AuthMessageType.Token);
		encoding.writeVarString(auth, token);
		this.send(encoding.toUint8Array(auth));

		const sync = encoding.createEncoder();
		encoding.writeVarString(sync, documentName);
		encoding.writeVarUint(sync, MessageType.Sync);
		writeSyncStep1(sync, new Y.Doc());
		this.send(encoding.toUint8Array(sync));
	}

	send(bytes: Uint8Array): void {
		this.#socket.send(bytes);
	}

	/** Resolves with the close code once the socket closes. */
	closed(): Promise<number> {
		return new Promise((resolve) => this.#socket.once('close', (code: number) => resolve(code)));
	}

	/** False once the server (or the client) closed the socket. */
	get isOpen(): boolean {
		return this.#socket.readyState === WebSocket.OPEN;
	}

	/** Resolves with the first frame (already received or to come) matching `predicate`. */
	waitFor(predicate: (frame: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
		return new Promise((resolve, reject) => {
			const check = () => {
				const found = this.frames.find(predicate);
				if (!found) return false;
				this.#waiters.delete(wake);
				clearTimeout(timer);
				resolve(found);
				return true;
			};
			const wake = () => void check();
			const timer = setTimeout(() => {
				this.#waiters.delete(wake);
				reject(new Error('Timed out waiting for a frame'));
			}, timeoutMs);
			if (!check()) this.#waiters.add(wake);
		});
	}

	framesFor(documentName: string): Frame[] {
		return this.frames.filter((frame) => frame.documentName === documentName);
	}

	close(): void {
		this.#socket.close();
	}
}

function decodeFrame(bytes: Uint8Array): Frame {
	const decoder = decoding.createDecoder(bytes);
	const documentName = decoding.readVarString(decoder);
	const type = decoding.readVarUint(decoder);
	if (type === MessageType.CLOSE)
		return { documentName, type, close: { reason: decoding.readVarString(decoder) } };
	if (type !== MessageType.Auth) return { documentName, type };
	const authType = decoding.readVarUint(decoder);
	const reason = decoding.hasContent(decoder) ? decoding.readVarString(decoder) : '';
	return { documentName, type, auth: { type: authType, reason } };
}

export const isAuthResult = (documentName: string) => (frame: Frame) =>
	frame.documentName === documentName && frame.type === MessageType.Auth;
