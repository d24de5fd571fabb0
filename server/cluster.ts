import RedisClient from 'ioredis';
import type { LimiterFactory } from '../src/lib/server/runtime.ts';
import { RedisLimiter } from './RedisLimiter.ts';
import { Relay } from './Relay.ts';
import { withTimeout } from './with-timeout.ts';

/** Sync connections to close on every instance: a session's (logout), or a user's (deactivation). */
export type ClusterSignal = { kind: 'session'; id: string } | { kind: 'user'; id: string };

/** How long start-up waits for Redis before failing: a missing relay must not pass unnoticed. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Several instances behind one load balancer (DESIGN §1, `REDIS_URL`): Hocuspocus' Redis extension
 * (as {@link Relay}) relays document updates and awareness between them, a channel carries the
 * signals an instance must give the others, and the sign-in and reset limits are counted here for
 * all of them.
 */
export class Cluster {
	readonly extension: Relay;
	readonly #pub: RedisClient;
	readonly #sub: RedisClient;
	readonly #channel: string;
	readonly #prefix: string;

	private constructor(url: string, prefix: string, onSignal: (signal: ClusterSignal) => void) {
		// Never the URL itself in a log or an error: it may hold a password.
		const where = new URL(url).host;
		const client = () => {
			const redis = new RedisClient(url, { connectTimeout: CONNECT_TIMEOUT_MS, lazyConnect: true });
			// ioredis reconnects by itself; unhandled, each failed attempt would print a stack.
			redis.on('error', (error: Error) => console.error(`Redis (${where}): ${error.message}`));
			return redis;
		};
		this.extension = new Relay({ createClient: client, prefix });
		this.#pub = client();
		this.#sub = client();
		this.#prefix = prefix;
		this.#channel = `${prefix}#signals`;
		this.#sub.on('message', (_channel: string, message: string) => {
			const signal = parseSignal(message);
			if (signal) onSignal(signal);
		});
	}

	/**
	 * Connects to `url` and subscribes to the signals of instances sharing `prefix` (REDIS_PREFIX,
	 * so that several deployments, or tests, can share one Redis); rejects when Redis cannot be
	 * reached.
	 */
	static async connect(
		url: string,
		prefix: string,
		onSignal: (signal: ClusterSignal) => void
	): Promise<Cluster> {
		const cluster = new Cluster(url, prefix, onSignal);
		try {
			await withTimeout(
				Promise.all([cluster.#pub.connect(), cluster.#sub.connect()]),
				CONNECT_TIMEOUT_MS,
				() => new Error('timed out')
			);
			await cluster.#sub.subscribe(cluster.#channel);
		} catch (error) {
			await cluster.close();
			throw new Error(`Redis is not reachable at ${new URL(url).host}`, { cause: error });
		}
		return cluster;
	}

	/** A limiter whose counts every instance of the deployment shares. */
	limiter: LimiterFactory = (name, max, windowMs) =>
		new RedisLimiter(this.#pub, `${this.#prefix}#limit:${name}`, max, windowMs);

	/** Tells every instance, this one included (Redis delivers to the publisher's subscriber too). */
	async publish(signal: ClusterSignal): Promise<void> {
		await this.#pub.publish(this.#channel, JSON.stringify(signal));
	}

	/** Closes this channel and the extension's connections (its `onDestroy`, which Navette calls here). */
	async close(): Promise<void> {
		this.#sub.disconnect(false);
		this.#pub.disconnect(false);
		await this.extension.onDestroy();
	}
}

function parseSignal(message: string): ClusterSignal | null {
	try {
		const value = JSON.parse(message) as Partial<ClusterSignal>;
		if ((value.kind === 'session' || value.kind === 'user') && typeof value.id === 'string') {
			return { kind: value.kind, id: value.id };
		}
	} catch {
		// Not one of ours: ignored.
	}
	return null;
}
