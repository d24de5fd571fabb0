import { describe, expect, it } from 'vitest';
import type { RequestSummary } from '../domain/overview.ts';
import type { Task } from '../domain/task.ts';
import { foldText, tokenize } from './normalize.ts';
import { TaskSearchIndex, toTaskSearchDoc } from './task-index.ts';

const task = (id: string, title: string, extra: Partial<Task> = {}): Task => ({
	id,
	title,
	clientId: 'c',
	assigneeId: 'u',
	status: 'todo',
	dueDate: null,
	category: null,
	period: null,
	createdAt: '2026-01-01T00:00:00.000Z',
	createdBy: 'u',
	updatedAt: '2026-01-01T00:00:00.000Z',
	...extra
});

const summary = (title: string, text = ''): RequestSummary => ({
	id: title,
	clientId: 'c',
	taskId: 't',
	title,
	status: 'todo',
	dueDate: null,
	updatedAt: '',
	commentCount: 0,
	documentCount: 0,
	text
});

function indexOf(...entries: [Task, string, RequestSummary[]?][]) {
	const index = new TaskSearchIndex();
	for (const [t, client, requests = []] of entries) {
		index.upsert(toTaskSearchDoc(t, { clientName: client, assigneeName: 'Paul Durand', requests }));
	}
	return index;
}

describe('foldText and tokenize', () => {
	it('folds case, accents and ligatures, and keeps digits', () => {
		expect(foldText('PRÉVISIONNEL')).toBe('previsionnel');
		expect(foldText('Maçonnerie Œuvre')).toBe('maconnerie oeuvre');
		expect(tokenize('TVA 04/2019 — relevé')).toEqual(['TVA', '04', '2019', 'relevé']);
	});
});

describe('TaskSearchIndex', () => {
	const index = indexOf(
		[
			task('prev', 'Prévisionnel'),
			'Alter Ce',
			[summary('Budget des ventes 2019', 'Vos prévisions mois par mois')]
		],
		[
			task('tva', 'TVA 04/2019', { period: '2019-04' }),
			'Dupont Maçonnerie',
			[summary('Relevé bancaire', 'Virement sans libellé')]
		]
	);

	it('ignores accents and case, and takes prefixes and a typo', () => {
		for (const query of ['previsionnel', 'PRÉVISIONNEL', 'prévi', 'previsionel']) {
			expect(index.search(query)).toEqual(new Set(['prev']));
		}
		expect(index.search('maconnerie')).toEqual(new Set(['tva']));
	});

	it('reads request titles, descriptions and comments, every word required', () => {
		expect(index.search('budget ventes')).toEqual(new Set(['prev']));
		expect(index.search('virement')).toEqual(new Set(['tva']));
		expect(index.search('budget virement')).toEqual(new Set());
		expect(index.search('2019 04')).toEqual(new Set(['tva']));
	});

	it('answers null for a blank query: no text filter', () => {
		expect(index.search('')).toBeNull();
		expect(index.search('  — ')).toBeNull();
	});

	it('replaces an entry on upsert and forgets it on discard', () => {
		const local = indexOf([task('a', 'Bilan 2019'), 'Alter Ce']);
		local.upsert(
			toTaskSearchDoc(task('a', 'Paie mars'), {
				clientName: 'Alter Ce',
				assigneeName: '',
				requests: []
			})
		);
		expect(local.search('bilan')).toEqual(new Set());
		expect(local.search('paie')).toEqual(new Set(['a']));
		local.discard('a');
		local.discard('a');
		expect(local.search('paie')).toEqual(new Set());
		expect(local.size).toBe(0);
	});

	it('indexes 5,000 tasks with 25,000 requests and answers fast (figures logged)', () => {
		const docs = Array.from({ length: 5000 }, (_, i) =>
			toTaskSearchDoc(task(`t${i}`, `TVA ${(i % 12) + 1}/2026`, { period: '2026-01' }), {
				clientName: `Client ${i % 500} Boulangerie`,
				assigneeName: `Collaborateur ${i % 20}`,
				requests: Array.from({ length: 5 }, (_, r) =>
					summary(`Relevé ${r} bancaire`, 'Merci de nous transmettre la facture.')
				)
			})
		);
		const big = new TaskSearchIndex();
		let start = performance.now();
		big.upsertAll(docs);
		const build = performance.now() - start;
		start = performance.now();
		const queries = ['t', 'tv', 'tva', 'tva 3', 'boul', 'boulangerie 42', 'releve', 'facture'];
		const times = queries.map((query) => {
			start = performance.now();
			big.search(query);
			return `${query}: ${(performance.now() - start).toFixed(1)}`;
		});
		console.info(`search index: build ${build.toFixed(0)} ms; per query (ms) ${times.join(', ')}`);
		expect(big.size).toBe(5000);
		expect(big.search('boulangerie 499')!.size).toBe(10);
	});
});
