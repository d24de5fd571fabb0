import { readFileSync } from 'node:fs';

const WINDOW_MS = 250;
const WINDOWS = 4;
/** Busy share of all cores under which a window counts as quiet. */
const CPU_BUSY = 0.1;
/** 512-byte sectors written in a window under which it counts as quiet: the journal's ticks. */
const SECTORS = 64;

/**
 * Resolves once the whole machine has been quiet for a second (every core under 10 % busy, the
 * disks all but unwritten), or after `timeoutMs`; says which. What a latency bench measures is
 * the server under test, not the fsyncs and checkpoints that a bench before it left behind (a
 * PostgreSQL database dropped, a SQLite file deleted): on this machine's one virtual disk, an
 * fsync waits behind them.
 */
export async function machineAtRest(timeoutMs = 20_000): Promise<boolean> {
	const deadline = performance.now() + timeoutMs;
	let quiet = 0;
	let last = sample();
	while (quiet < WINDOWS) {
		if (performance.now() > deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
		const now = sample();
		const busy = (now.busy - last.busy) / (now.total - last.total || 1);
		quiet = busy < CPU_BUSY && now.sectors - last.sectors < SECTORS ? quiet + 1 : 0;
		last = now;
	}
	return true;
}

/** CPU ticks of all cores (from /proc/stat) and sectors written to every disk (/proc/diskstats). */
function sample(): { busy: number; total: number; sectors: number } {
	const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
	const values = ticks.map(Number);
	const total = values.reduce((sum, value) => sum + value, 0);
	// idle and iowait: a core waiting for the disk is not busy, the disk is (counted below).
	const busy = total - values[3]! - values[4]!;
	let sectors = 0;
	for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
		const fields = line.trim().split(/\s+/);
		if (fields.length < 10 || /^(loop|ram)/.test(fields[2]!)) continue;
		sectors += Number(fields[9]);
	}
	return { busy, total, sectors };
}
