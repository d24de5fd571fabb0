/** What `/api/bulk-send` streams, one JSON object a line. */
export type BulkLine =
	| { type: 'progress'; done: number; total: number }
	| {
			type: 'summary';
			batchId: string;
			tasksCreated: number;
			tasksReused: number;
			requestsTransmitted: number;
			requestsAlreadySent: number;
			clientsDone: number;
			skipped: { clientId: string; name: string; reason: 'archived' | 'unknown' }[];
			failed: { clientId: string; name: string }[];
			ms: number;
	  }
	| { type: 'invalid'; errors: Record<string, string> }
	| { type: 'error'; message: string };

export type BulkSummaryLine = Extract<BulkLine, { type: 'summary' }>;

/**
 * Posts a submission and hands each streamed line to `online` as it arrives; resolves with the
 * last line (the summary, or why there is none). A broken connection reads as an `error` line.
 */
export async function postBulkSend(
	body: object,
	online: (line: BulkLine) => void
): Promise<BulkLine> {
	const failed: BulkLine = {
		type: 'error',
		message: 'La connexion a été interrompue : renvoyez, rien ne sera fait deux fois.'
	};
	let response: Response;
	try {
		response = await fetch('/api/bulk-send', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
	} catch {
		return failed;
	}
	if (!response.ok || !response.body) {
		return { type: 'error', message: `L’envoi a été refusé (erreur ${response.status}).` };
	}
	let last: BulkLine = failed;
	let buffered = '';
	const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			buffered += value;
			const lines = buffered.split('\n');
			buffered = lines.pop() ?? '';
			for (const text of lines) {
				if (!text.trim()) continue;
				last = JSON.parse(text) as BulkLine;
				online(last);
			}
		}
	} catch {
		return failed;
	}
	return last.type === 'progress' ? failed : last;
}
