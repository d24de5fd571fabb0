// `npm start` builds when the build is missing or older than the sources it is made from, so that
// `npm install && npm start` works on a fresh clone and after a `git pull`.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUT = 'build/handler.js';
const INPUTS = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

/** @param {string} path @returns {number} */
function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

const built = existsSync(OUTPUT) ? statSync(OUTPUT).mtimeMs : 0;
const sources = Math.max(...INPUTS.map(newestMtime));
if (built < sources) {
	console.log(built ? 'Sources changed: rebuilding Navette…' : 'First start: building Navette…');
	execSync('npm run build', { stdio: 'inherit' });
}
