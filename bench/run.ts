import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** `npm run bench`: every benchmark in one run, each printing its figures beside its baseline. */
execSync('node scripts/build-if-needed.js', { stdio: 'inherit' });
console.log(
	`Navette benchmarks · ${new Date().toISOString()} · Node ${process.version} · ` +
		`${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB`
);
const benches = [
	await import('./collab-latency.ts'),
	await import('./overview-reconcile.ts'),
	await import('./reminders-pass.ts'),
	await import('./tasks-view.ts'),
	await import('./portal-offline.ts'),
	await import('./client-import.ts'),
	await import('./bulk-send.ts'),
	await import('./store-append.ts'),
	await import('./scale-out.ts'),
	await import('./sync-load.ts'),
	await import('./guard-staff.ts')
];
for (const bench of benches) await bench.run();
// Whatever a bench left open (a socket, a timer) must not keep `npm run bench` from returning
// once every figure is printed; it is named, so that it can be found and closed.
const left = process.getActiveResourcesInfo().filter((resource) => resource !== 'TTYWrap');
if (left.length > 0) console.error(`(still open after the last bench: ${left.join(', ')})`);
process.exit(0);
