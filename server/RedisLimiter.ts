import type RedisClient from 'ioredis';
import type { Limiter } from '../src/lib/server/auth/rate-limit.ts';

/**
 * A {@link Limiter} whose counts every instance shares (REDIS_URL): a sorted set per key holding
 * the times of its failures, trimmed to the window on each use and expiring with it. Spreading
 * attempts over several instances then gains nothing. When Redis cannot answer, the attempt is
 * let through (logged): throttling must not lock everyone out of the app.
 */
export class RedisLimiter implements Limiter {
	readonly #redis: RedisClient;
	readonly #prefix: string;
	readonly #max: number;
	readonly #windowMs: number;

	constructor(redis: RedisClient, prefix: string, max: number, windowMs: number) {
		this.#redis = redis;
		this.#prefix = prefix;
		this.#max = max;
		this.#windowMs = windowMs;
	}

	async retryAfter(key: string): Promise<number> {
		const now = Date.now();
		try {
			const results = await this.#redis
				.multi()
				.zremrangebyscore(this.#key(key), '-inf', now - this.#windowMs)
				.zcard(this.#key(key))
				.zrange(this.#key(key), 0, 0, 'WITHSCORES')
				.exec();
			const count = Number(results?.[1]?.[1] ?? 0);
			if (count < this.#max) return 0;
			const [, oldest] = (results?.[2]?.[1] ?? []) as string[];
			return Math.max(0, Number(oldest) + this.#windowMs - now);
		} catch (error) {
			console.error('Rate limit unavailable (Redis):', (error as Error).message);
			return 0;
		}
	}

	async fail(key: string): Promise<void> {
		const now = Date.now();
		try {
			await this.#redis
				.multi()
				.zadd(this.#key(key), now, `${now}:${crypto.randomUUID()}`)
				.pexpire(this.#key(key), this.#windowMs)
				.exec();
		} catch (error) {
			console.error('Rate limit unavailable (Redis):', (error as Error).message);
		}
	}

	async succeed(key: string): Promise<void> {
		await this.#redis.del(this.#key(key)).catch(() => {});
	}

	#key(key: string): string {
		return `${this.#prefix}:${key}`;
	}
}
