import { describe, expect } from 'vitest';
import { createTask, readTasks } from '../../src/lib/doc/tasks.ts';
import { tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { collabToken, loginCookie } from '../helpers/http.ts';
import { freePort } from '../helpers/ports.ts';
import { it } from '../helpers/fixtures.ts';
import type { TestProvider } from '../helpers/providers.ts';
import { prng } from '../helpers/random.ts';

/**
 * DESIGN §4: an edit the server acknowledged survives a SIGKILL at any moment. Providers stream
 * edits into the real `npm start` process; it is killed after a random number of
 * acknowledgements; after a restart on the same data every acknowledged edit must be there.
 */
const ROUNDS = 4;
const PROVIDERS = 3;

describe('acknowledged edits survive SIGKILL', () => {
	it(`keeps every acknowledged edit over ${ROUNDS} kills at random moments`, async ({
		tempDir: dataDir,
		spawnNavette,
		connectProvider
	}) => {
		const random = prng(Number(process.env.KILL_SEED ?? 20261128));
		const port = await freePort();
		const acknowledged = new Set<string>();
		let firmId = '';
		let cookie = '';

		for (let round = 0; round < ROUNDS; round++) {
			const server = await spawnNavette({ port, dataDir });
			cookie ||= await loginCookie(server.origin, DEMO_ACCOUNTS.claire, DEMO_PASSWORD);
			const info = await collabToken(server.origin, cookie);
			firmId = info.firmId as string;
			const origin = server.origin;
			const token = async () => (await collabToken(origin, cookie)).token as string;
			const url = `ws://127.0.0.1:${port}/collab`;
			const providers = Array.from({ length: PROVIDERS }, () =>
				connectProvider({ url, origin, name: tasksDocName(firmId), token })
			);
			await Promise.all(providers.map((p) => p.synced));

			const killAfter = 20 + Math.floor(random() * 150);
			let acks = 0;
			const stops: (() => void)[] = [];
			await new Promise<void>((resolve) => {
				for (const [index, p] of providers.entries()) {
					const onAck = () => {
						if (++acks === killAfter) resolve();
					};
					stops.push(streamEdits(p, `r${round}p${index}`, random, acknowledged, onAck));
				}
			});
			for (const stop of stops) stop();
			await server.kill('SIGKILL');
			for (const p of providers) p.destroy();
		}

		const server = await spawnNavette({ port, dataDir });
		const origin = server.origin;
		const reader = connectProvider({
			url: `ws://127.0.0.1:${port}/collab`,
			origin,
			name: tasksDocName(firmId),
			token: async () => (await collabToken(origin, cookie)).token as string
		});
		await reader.synced;
		const titles = new Set(readTasks(reader.doc).map((task) => task.title));
		reader.destroy();
		expect(acknowledged.size).toBeGreaterThan(ROUNDS * 20);
		const missing = [...acknowledged].filter((title) => !titles.has(title));
		expect(missing).toEqual([]);
	});
});

/**
 * Edits in bursts of 1–5 tasks, then waits for the acknowledgement; the providers' bursts overlap,
 * so some edits are always in flight. When the provider's count of unacknowledged changes falls to
 * zero, every edit it made so far was stored: those titles join `acknowledged`.
 */
function streamEdits(
	p: TestProvider,
	prefix: string,
	random: () => number,
	acknowledged: Set<string>,
	onAck: () => void
): () => void {
	const made: string[] = [];
	let stopped = false;
	p.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
		if (number !== 0 || stopped) return;
		for (const title of made.splice(0)) acknowledged.add(title);
		onAck();
	});
	let n = 0;
	const burst = async () => {
		while (!stopped) {
			const size = 1 + Math.floor(random() * 5);
			for (let i = 0; i < size; i++) {
				const title = `${prefix}-${n++}`;
				made.push(title);
				createTask(p.doc, { title, clientId: 'c', assigneeId: 'a' }, { id: 'test', name: 'Test' });
				await new Promise((resolve) => setImmediate(resolve));
			}
			await p.saved();
		}
	};
	void burst();
	return () => {
		stopped = true;
	};
}
