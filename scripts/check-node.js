// Runs before every npm script: the project needs Node >= 22.18 (node:sqlite, type stripping).
// npm puts the `node` package's Node 24 first on PATH; this catches a bare `node server/index.ts`
// or an npm too old to honour that.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
	console.error(
		`Navette needs Node.js 22.18 or newer (Node 24 recommended); this is ${process.version}.\n` +
			'Run it through npm (npm start, npm test), which uses the Node 24 from the "node" package,\n' +
			'or install Node 24 yourself.'
	);
	process.exit(1);
}
