// The scanner tests drive a real ClamAV daemon (Debian's clamav-daemon; it runs on a signature
// file of the tests' own, so it needs no network). Install it when missing and we are root;
// otherwise say exactly what to install.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CLAMD = process.env.CLAMD_PATH ?? '/usr/sbin/clamd';

if (!existsSync(CLAMD)) {
	if (process.getuid?.() === 0) {
		console.log('clamd is missing: installing clamav-daemon with apt-get…');
		execSync(
			'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clamav-daemon',
			{ stdio: 'inherit' }
		);
	} else {
		console.error(
			`The scanner tests need ClamAV's daemon at ${CLAMD}.\n` +
				'Install it with: sudo apt-get install -y clamav-daemon\n' +
				'(or set CLAMD_PATH to another clamd binary).'
		);
		process.exit(1);
	}
}
