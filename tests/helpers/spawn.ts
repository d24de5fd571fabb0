import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../server/index.ts', import.meta.url));

export interface SpawnedNavette {
	child: ChildProcess;
	origin: string;
	output: string[];
	kill(signal: NodeJS.Signals): Promise<void>;
}

/** `npm start` as a child process (needs `npm run build` first), ready when it says so. */
export async function spawnNavette(options: {
	port: number;
	dataDir: string;
	env?: Record<string, string>;
}): Promise<SpawnedNavette> {
	const origin = `http://localhost:${options.port}`;
	const child = spawn(process.execPath, [ENTRY], {
		env: {
			...process.env,
			PORT: String(options.port),
			HOST: '127.0.0.1',
			DATA_DIR: options.dataDir,
			SEED: 'demo',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const output: string[] = [];
	createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
	const lines = createInterface({ input: child.stdout! });
	const ready = new Promise<void>((resolve, reject) => {
		lines.on('line', (line) => {
			output.push(line);
			if (line.startsWith('Navette est prête')) resolve();
		});
		child.once('exit', (code) =>
			reject(new Error(`Navette exited (${code}):\n${output.join('\n')}`))
		);
	});
	await ready;
	return {
		child,
		origin,
		output,
		async kill(signal) {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = once(child, 'exit');
			child.kill(signal);
			await exited;
		}
	};
}
