import { afterEach, describe, expect, it, vi } from 'vitest';
import { postBulkSend, type BulkLine } from './bulk-stream.ts';

/** A response streaming `chunks` as they are cut, as the network may cut them. */
function streamed(chunks: string[], status = 200): Response {
	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
			controller.close();
		}
	});
	return new Response(body, { status });
}

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('postBulkSend', () => {
	it('hands over each line as it completes, whatever the chunks, and resolves with the summary', async () => {
		const summary = { type: 'summary', tasksCreated: 2 };
		vi.stubGlobal(
			'fetch',
			vi.fn(async () =>
				streamed([
					'{"type":"progress","done":0,"total":2}\n{"type":"pro',
					'gress","done":1,"total":2}\n',
					`{"type":"progress","done":2,"total":2}\n${JSON.stringify(summary)}\n`
				])
			)
		);
		const seen: BulkLine[] = [];
		const last = await postBulkSend({ batchId: 'b' }, (line) => seen.push(line));
		expect(seen.map((l) => (l.type === 'progress' ? l.done : l.type))).toEqual([
			0,
			1,
			2,
			'summary'
		]);
		expect(last).toEqual(summary);
	});

	it('reads a stream cut before its summary, or a refusal, as an error to show', async () => {
		vi.stubGlobal(
			'fetch',
			vi.fn(async () => streamed(['{"type":"progress","done":1,"total":9}\n']))
		);
		expect((await postBulkSend({}, () => {})).type).toBe('error');
		vi.stubGlobal(
			'fetch',
			vi.fn(async () => streamed([], 403))
		);
		expect(await postBulkSend({}, () => {})).toEqual({
			type: 'error',
			message: 'L’envoi a été refusé (erreur 403).'
		});
	});
});
