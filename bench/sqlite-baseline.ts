import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('./baseline/', import.meta.url));

/**
 * The entry of the Hocuspocus + `@hocuspocus/extension-sqlite` baseline server, its packages
 * installed on first use: better-sqlite3 builds from source on this machine (about a minute), so
 * it stays out of the project's own dependencies and of CI.
 */
export function sqliteBaselineEntry(): string {
	if (!existsSync(`${folder}node_modules/@hocuspocus/extension-sqlite`)) {
		console.log('(installing the extension-sqlite baseline in bench/baseline, once)');
		execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: folder, stdio: 'inherit' });
	}
	return `${folder}sqlite-hocuspocus.mjs`;
}
