import NodeClam from 'clamscan';

/**
 * Looks into a received file for malware before it is kept. `scan` resolves with the name of
 * what it found, or `null` when the file is clean, and rejects when it cannot tell (the scanner
 * is down): the upload is then refused, never kept unscanned.
 */
export interface Scanner {
	scan(path: string): Promise<string | null>;
}

/** ClamAV through `clamd`'s TCP socket (`CLAMD_URL`, e.g. `tcp://127.0.0.1:3310`). */
export function clamdScanner(url: string): Scanner {
	const { hostname, port } = new URL(url);
	let ready: Promise<NodeClam> | null = null;
	const clam = () =>
		(ready ??= new NodeClam()
			.init({
				removeInfected: false,
				clamscan: { active: false },
				clamdscan: {
					host: hostname,
					port: Number(port || 3310),
					active: true,
					localFallback: false,
					timeout: 60_000
				},
				preference: 'clamdscan'
			})
			.catch((error: unknown) => {
				// Not reachable now: try again at the next file.
				ready = null;
				throw error;
			}));
	return {
		async scan(path) {
			const { isInfected, viruses } = await (await clam()).isInfected(path);
			if (isInfected === null) throw new Error('The scanner could not tell');
			return isInfected ? (viruses[0] ?? 'inconnu') : null;
		}
	};
}
