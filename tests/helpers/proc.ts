import { readFileSync } from 'node:fs';

/** `getconf CLK_TCK` on Linux: the unit of /proc's CPU times. */
const CLOCK_TICKS = 100;

/** Resident memory of a process, in bytes, from /proc (Linux). */
export function residentBytes(pid: number): number {
	const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
	return kilobytes ? Number(kilobytes) * 1024 : NaN;
}

/** CPU time a process has used so far (user + system), in milliseconds, from /proc (Linux). */
export function cpuMilliseconds(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
