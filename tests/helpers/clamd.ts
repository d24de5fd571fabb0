import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

export const CLAMD = process.env.CLAMD_PATH ?? '/usr/sbin/clamd';

/**
 * A real ClamAV daemon on a random port. It has no signatures offline, so it gets a database of
 * its own: each given sample is « infected » (by its MD5 and size, a ClamAV `.hdb` signature).
 */
export async function startClamd(infected: Record<string, Uint8Array>) {
	const dir = mkdtempSync(join(tmpdir(), 'navette-clamd-'));
	const port = await freePort();
	const signatures = Object.entries(infected).map(
		([name, bytes]) => `${createHash('md5').update(bytes).digest('hex')}:${bytes.length}:${name}`
	);
	writeFileSync(join(dir, 'navette.hdb'), signatures.join('\n') + '\n');
	writeFileSync(
		join(dir, 'clamd.conf'),
		[
			'Foreground yes',
			`DatabaseDirectory ${dir}`,
			`TCPSocket ${port}`,
			'TCPAddr 127.0.0.1',
			`PidFile ${join(dir, 'clamd.pid')}`
		].join('\n') + '\n'
	);
	const child = spawn(CLAMD, ['-c', join(dir, 'clamd.conf')], { stdio: 'ignore' });
	const deadline = Date.now() + 60_000;
	while (!(await accepts(port))) {
		if (Date.now() > deadline || child.exitCode !== null) throw new Error('clamd did not start');
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return {
		url: `tcp://127.0.0.1:${port}`,
		async stop() {
			child.kill('SIGTERM');
			if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** True once clamd answers PING (it listens only after loading its database). */
function accepts(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('error', () => resolve(false));
		socket.once('connect', () => socket.end('zPING\0'));
		socket.once('data', (data) => {
			resolve(data.toString().startsWith('PONG'));
			socket.destroy();
		});
		socket.once('close', () => resolve(false));
	});
}
