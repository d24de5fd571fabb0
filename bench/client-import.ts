import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../server/seed.ts';
import { loginCookie, postAction } from '../tests/helpers/http.ts';
import { freePort } from '../tests/helpers/ports.ts';
import { spawnNavette } from '../tests/helpers/spawn.ts';

/**
 * Issue 7's import, through the real server's form actions: a CSV of `ROWS` new clients checked
 * (preview) then imported (each client stored with its requests document). The baseline is
 * reading the same file with csv-parse alone, in this process.
 */
const ROWS = [500, 5000];

/** A valid, made-up SIREN: eight digits, then the Luhn check digit. */
function siren(n: number): string {
	const body = String(100_000_000 + n * 7).slice(1, 9);
	for (let check = 0; check < 10; check++) {
		const digits = body + check;
		let sum = 0;
		for (let i = 0; i < 9; i++) {
			let d = Number(digits[8 - i]);
			if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
			sum += d;
		}
		if (sum % 10 === 0) return digits;
	}
	throw new Error('unreachable');
}

function csvOf(rows: number, offset: number): string {
	const lines = ['Raison sociale;SIREN;Clôture;Régime de TVA;Collaborateur'];
	for (let i = 0; i < rows; i++) {
		const n = offset + i;
		lines.push(`Client ${n} SARL;${siren(n)};31/12;${i % 2 ? 'Mensuel' : 'Trimestriel'};`);
	}
	return lines.join('\r\n');
}

function fileForm(text: string): FormData {
	const form = new FormData();
	form.set('file', new File([text], 'clients.csv', { type: 'text/csv' }));
	return form;
}

export async function run(): Promise<void> {
	console.log('\n== Client import (CSV through the form actions; baseline: csv-parse alone) ==');
	const dataDir = mkdtempSync(join(tmpdir(), 'navette-import-'));
	const server = await spawnNavette({ port: await freePort(), dataDir });
	try {
		const cookie = await loginCookie(server.origin, DEMO_ACCOUNTS.claire, DEMO_PASSWORD);
		let offset = 0;
		for (const rows of ROWS) {
			const text = csvOf(rows, offset);
			offset += rows;
			const parseStart = performance.now();
			parse(text, { delimiter: ';' });
			const baseline = performance.now() - parseStart;
			const previewStart = performance.now();
			const preview = await postAction(
				server.origin,
				cookie,
				'/cabinet/clients',
				'previewImport',
				fileForm(text)
			);
			const previewMs = performance.now() - previewStart;
			const importStart = performance.now();
			const done = await postAction(
				server.origin,
				cookie,
				'/cabinet/clients',
				'importClients',
				fileForm(text)
			);
			const importMs = performance.now() - importStart;
			if (done.data?.imported !== rows) {
				throw new Error(`imported ${JSON.stringify(done.data?.imported ?? preview.data)}`);
			}
			console.log(
				`${String(rows).padStart(5)} rows (${(text.length / 1024).toFixed(0)} KB): ` +
					`csv-parse ${baseline.toFixed(1)} ms · preview ${previewMs.toFixed(0)} ms ` +
					`(${(previewMs / baseline).toFixed(1)}×) · import ${importMs.toFixed(0)} ms ` +
					`(${((rows / importMs) * 1000).toFixed(0)} clients/s)`
			);
		}
	} finally {
		await server.kill('SIGTERM');
		rmSync(dataDir, { recursive: true, force: true });
	}
}

if (import.meta.main) await run();
