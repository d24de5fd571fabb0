import { describe, expect, it } from 'vitest';
import { listDocuments, type DocumentRef } from './attachments.ts';

const ref = (id: string, at: string): DocumentRef => ({
	id,
	fileId: `file-${id}`,
	name: `${id}.pdf`,
	size: 1,
	mime: 'application/pdf',
	uploadedBy: 'sophie',
	at,
	gedPath: `Alter Ce/2019/${id}.pdf`
});

describe('listDocuments', () => {
	it('lists every document with its request, newest first', () => {
		const listed = listDocuments([
			{ id: 'r1', title: 'Relevés', documents: [ref('a', '2019-04-02T10:00:00.000Z')] },
			{ id: 'r2', title: 'Factures', documents: [ref('b', '2019-04-03T10:00:00.000Z')] },
			{ id: 'r3', title: 'Vide', documents: [] }
		]);
		expect(listed.map((l) => [l.document.id, l.request.title])).toEqual([
			['b', 'Factures'],
			['a', 'Relevés']
		]);
	});
});
