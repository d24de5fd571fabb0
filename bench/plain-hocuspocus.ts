import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';

/**
 * The baseline: a Hocuspocus server of the same version with no extensions, nothing stored; with
 * REDIS_URL, only the Redis extension (several plain instances relaying to each other).
 */
const port = Number(process.env.PORT);
const redisUrl = process.env.REDIS_URL;
const extensions = redisUrl
	? [new Redis({ ...redisAddress(redisUrl), prefix: process.env.REDIS_PREFIX ?? 'plain' })]
	: [];
const server = new Server({ port, address: '127.0.0.1', quiet: true, extensions });
await server.listen();
console.log('Navette est prête (plain Hocuspocus)');

function redisAddress(url: string): { host: string; port: number } {
	const { hostname, port } = new URL(url);
	return { host: hostname, port: Number(port || 6379) };
}
