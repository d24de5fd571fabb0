// Browser tests drive Debian's Chromium (Playwright cannot download its own here). Install it when
// missing and we are root; otherwise say exactly what to install.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
	if (process.getuid?.() === 0) {
		console.log('Chromium is missing: installing it with apt-get…');
		execSync(
			'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium',
			{
				stdio: 'inherit'
			}
		);
	} else {
		console.error(
			`Browser tests need Chromium at ${CHROMIUM}.\n` +
				'Install it with: sudo apt-get install -y chromium\n' +
				'(or set CHROMIUM_PATH to another Chromium binary).'
		);
		process.exit(1);
	}
}
