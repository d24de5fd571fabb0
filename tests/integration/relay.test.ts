import { MessageType, Server } from '@hocuspocus/server';
import RedisClient from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { messageYjsSyncStep1, messageYjsUpdate } from 'y-protocols/sync';
import { describe, expect } from 'vitest';
import { Relay } from '../../server/Relay.ts';
import { test } from '../helpers/fixtures.ts';
import { freePort } from '../helpers/ports.ts';
import { connectProvider } from '../helpers/providers.ts';

/**
 * The relay between instances (`Relay`, issue 16): two Hocuspocus servers with it alone, on the
 * real Redis, real providers, and a third Redis client reading what goes through each document's
 * channel.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const NAME = 'relay-doc';

interface Published {
	type: 'update' | 'state vector' | 'other';
	/** The update an update message carries. */
	update?: Uint8Array;
}

/** One message of the stock extension's framing: identifier, then a Hocuspocus message. */
function readPublished(data: Buffer): Published {
	const decoder = decoding.createDecoder(data.subarray(1 + data[0]!));
	decoding.readVarString(decoder);
	if (decoding.readVarUint(decoder) !== MessageType.Sync) return { type: 'other' };
	const syncType = decoding.readVarUint(decoder);
	if (syncType === messageYjsUpdate) {
		return { type: 'update', update: decoding.readVarUint8Array(decoder) };
	}
	return { type: syncType === messageYjsSyncStep1 ? 'state vector' : 'other' };
}

// eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's dependencies from its pattern
const it = test.extend('deployment', async ({}, { onCleanup }) => {
	const prefix = `relay-test-${crypto.randomUUID()}`;
	const published: Published[] = [];
	const spy = new RedisClient(REDIS_URL);
	const stops: (() => unknown)[] = [];
	// Providers first, then servers, then the spy.
	onCleanup(async () => {
		for (const stop of stops.reverse()) await stop();
		await spy.quit();
	});
	spy.on('messageBuffer', (_channel: Buffer, data: Buffer) => published.push(readPublished(data)));
	await spy.subscribe(`${prefix}:${NAME}`);

	async function instance(resyncMs: number) {
		const port = await freePort();
		const relay = new Relay(
			// Unloading waits for no last message: the servers close with the test.
			{ createClient: () => new RedisClient(REDIS_URL), prefix, disconnectDelay: 0 },
			{ resyncMs }
		);
		const server = new Server({ port, address: '127.0.0.1', quiet: true, extensions: [relay] });
		await server.listen();
		stops.push(() => server.destroy());
		const provider = connectProvider({
			url: `ws://127.0.0.1:${port}`,
			origin: 'http://localhost',
			name: NAME,
			token: 'x'
		});
		stops.push(() => provider.destroy());
		await provider.synced;
		return { relay, provider, document: () => server.hocuspocus.documents.get(NAME)! };
	}
	return { instance, published };
});

describe('the relay between instances', () => {
	it('relays a change as the update itself, one message per document and turn', async ({
		deployment: { instance, published }
	}) => {
		const a = await instance(60_000);
		const b = await instance(60_000);
		published.length = 0;

		a.provider.doc.getMap('tasks').set('t1', 'TVA 05/2019');
		await expect.poll(() => b.provider.doc.getMap('tasks').get('t1')).toBe('TVA 05/2019');
		// Two changes of the server's own in one turn: one message for both.
		const document = a.document();
		document.transact(() => document.getMap('tasks').set('t2', 'Prévisionnel'));
		document.transact(() => document.getMap('tasks').set('t3', 'Liasse'));
		await expect.poll(() => b.provider.doc.getMap('tasks').get('t3')).toBe('Liasse');

		const sync = published.filter((message) => message.type !== 'other');
		expect(sync.map((message) => message.type)).toEqual(['update', 'update']);
		const merged = new Y.Doc();
		Y.applyUpdate(merged, sync[1]!.update!);
		expect(merged.getMap('tasks').toJSON()).toEqual({ t2: 'Prévisionnel', t3: 'Liasse' });
	});

	it('repairs a change whose message was lost, by the state vectors that follow it', async ({
		deployment: { instance, published }
	}) => {
		const a = await instance(100);
		const b = await instance(100);
		// A Redis that drops what `a` relays (not its state vectors), as in a reconnect.
		const publish = a.relay.pub.publish.bind(a.relay.pub);
		a.relay.pub.publish = ((channel: string, message: Buffer) =>
			readPublished(message).type === 'update'
				? Promise.resolve(0)
				: publish(channel, message)) as typeof a.relay.pub.publish;
		published.length = 0;

		a.provider.doc.getMap('tasks').set('t1', 'TVA 05/2019');
		await expect.poll(() => b.provider.doc.getMap('tasks').get('t1')).toBe('TVA 05/2019');
		expect(published.some((message) => message.type === 'update')).toBe(false);
		expect(published.some((message) => message.type === 'state vector')).toBe(true);
	});
});
