import RedisClient from 'ioredis';
import { describe, expect } from 'vitest';
import { RedisLimiter } from '../../server/RedisLimiter.ts';
import { test } from '../helpers/fixtures.ts';

/** The shared sign-in limiter against the machine's Redis, each test under a prefix of its own. */
// eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's dependencies from its pattern
const it = test.extend('redis', { scope: 'file' }, async ({}, { onCleanup }) => {
	const redis = new RedisClient(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
	onCleanup(() => redis.disconnect());
	return redis;
});

const limiter = (redis: RedisClient, max: number, windowMs: number) =>
	new RedisLimiter(redis, `navette-test-${crypto.randomUUID()}#limit:login`, max, windowMs);

describe('RedisLimiter', () => {
	it('holds a key back once it failed max times within the window, until the window slides', async ({
		redis
	}) => {
		const limits = limiter(redis, 2, 400);
		await limits.fail('paul');
		expect(await limits.retryAfter('paul')).toBe(0);
		await limits.fail('paul');
		const wait = await limits.retryAfter('paul');
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(400);
		expect(await limits.retryAfter('claire')).toBe(0);
		await expect.poll(() => limits.retryAfter('paul'), { timeout: 2000 }).toBe(0);
	});

	it('forgets a key after a success, and its keys expire with the window', async ({ redis }) => {
		const limits = limiter(redis, 1, 60_000);
		await limits.fail('paul');
		expect(await limits.retryAfter('paul')).toBeGreaterThan(0);
		await limits.succeed('paul');
		expect(await limits.retryAfter('paul')).toBe(0);
		const prefix = `navette-test-${crypto.randomUUID()}#limit:login`;
		await new RedisLimiter(redis, prefix, 1, 60_000).fail('jean');
		expect(await redis.pttl(`${prefix}:jean`)).toBeGreaterThan(59_000);
		await redis.del(`${prefix}:jean`);
	});
});
