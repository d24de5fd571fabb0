import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { prng } from '../../../tests/helpers/random.ts';
import type { RequestSummary } from '../domain/overview.ts';
import type { Task } from '../domain/task.ts';
import {
	FileSearchIndex,
	RequestSearchIndex,
	TaskSearchIndex,
	taskIndexOptions,
	toTaskSearchDoc,
	type TaskSearchDoc
} from './task-index.ts';

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
	text,
	review: null,
	returnReason: null
});

const doc = (t: Task, client: string, requests: RequestSummary[] = [], assignee = 'Paul Durand') =>
	toTaskSearchDoc(t, { clientName: client, assigneeName: assignee, requests });

function firm(): TaskSearchIndex {
	const index = new TaskSearchIndex();
	index.upsertAll([
		doc(task('prev', 'Prévisionnel', { category: 'Prévisionnel', period: '2026' }), 'Alter Ce', [
			summary('Budget des ventes', 'Vos prévisions mois par mois\nMerci, je complète lundi')
		]),
		doc(task('tva', 'TVA avril', { category: 'TVA', period: '2019-04' }), 'Dupont Maçonnerie', [
			summary('Relevé bancaire', 'Virement sans libellé'),
			summary('Factures d’achats', 'Le fournisseur Œnologie Martin')
		]),
		doc(task('paie', 'Paie de mars', { category: 'Paie' }), 'Boulangerie Bellevue', [], 'Claire')
	]);
	return index;
}

describe('toTaskSearchDoc', () => {
	it('gathers the task, its names and its requests’ titles and texts', () => {
		const requests = [summary('Relevé', 'Description\nCommentaire'), summary('Factures', '')];
		expect(doc(task('t', 'TVA', { period: '2026-03' }), 'Alter Ce', requests)).toEqual({
			id: 't',
			title: 'TVA',
			client: 'Alter Ce',
			assignee: 'Paul Durand',
			category: '',
			period: '2026-03',
			requests: 'Relevé\nFactures',
			text: 'Description\nCommentaire\n'
		});
	});
});

describe('TaskSearchIndex', () => {
	const index = firm();
	const ids = (...list: string[]) => new Set(list);

	it('ignores accents and case, and takes prefixes and typos', () => {
		for (const query of ['previsionnel', 'PRÉVISIONNEL', 'prévi', 'previsionel', 'Prevision']) {
			expect(index.search(query), query).toEqual(ids('prev'));
		}
		expect(index.search('maconnerie')).toEqual(ids('tva'));
		expect(index.search('oenologie')).toEqual(ids('tva'));
	});

	it('finds short words, periods and years', () => {
		expect(index.search('TVA')).toEqual(ids('tva'));
		expect(index.search('2019-04')).toEqual(ids('tva'));
		expect(index.search('2019')).toEqual(ids('tva'));
		expect(index.search('2018')).toEqual(ids());
		expect(index.search('2026')).toEqual(ids('prev'));
	});

	it('searches client and collaborator names', () => {
		expect(index.search('boulangerie')).toEqual(ids('paie'));
		expect(index.search('claire')).toEqual(ids('paie'));
		expect(index.search('durand')).toEqual(ids('prev', 'tva'));
	});

	it('searches request titles, descriptions and comments', () => {
		expect(index.search('budget')).toEqual(ids('prev'));
		expect(index.search('virement')).toEqual(ids('tva'));
		expect(index.search('complete lundi')).toEqual(ids('prev'));
	});

	it('requires every word of the query (AND), wherever each one matches', () => {
		expect(index.search('tva virement')).toEqual(ids('tva'));
		expect(index.search('dupont releve avril')).toEqual(ids('tva'));
		expect(index.search('budget virement')).toEqual(ids());
		expect(index.search('durand ventes')).toEqual(ids('prev'));
	});

	it('answers null when the query has nothing to look up: no text filter', () => {
		expect(index.search('')).toBeNull();
		expect(index.search('  — ')).toBeNull();
		expect(index.search('p')).toBeNull();
		expect(index.search('tva 2')).toEqual(ids('tva'));
		expect(index.search('l’')).toBeNull();
		expect(index.search('l’avril')).toEqual(ids('tva'));
	});

	it('replaces an entry on upsert: the old words no longer match', () => {
		const local = firm();
		// Looked up before the change, so that a remembered answer would show here.
		expect(local.search('paie')).toEqual(ids('paie'));
		expect(local.search('bilan')).toEqual(ids());
		local.upsert(doc(task('paie', 'Bilan 2026'), 'Garage du Port'));
		expect(local.size).toBe(3);
		expect(local.search('paie')).toEqual(ids());
		expect(local.search('boulangerie')).toEqual(ids());
		expect(local.search('bilan garage')).toEqual(ids('paie'));
		local.upsertAll([doc(task('paie', 'Paie'), 'X'), doc(task('paie', 'Juridique'), 'Y')]);
		expect(local.search('juridique')).toEqual(ids('paie'));
		expect(local.search('bilan')).toEqual(ids());
		expect(local.size).toBe(3);
	});

	it('forgets a discarded entry, and discarding twice is harmless', () => {
		const local = firm();
		expect(local.has('tva')).toBe(true);
		expect(local.search('maconnerie')).toEqual(ids('tva'));
		local.discard('tva');
		local.discard('tva');
		local.discard('never-indexed');
		expect(local.has('tva')).toBe(false);
		expect(local.size).toBe(2);
		expect(local.search('maconnerie')).toEqual(ids());
		expect(local.search('durand')).toEqual(ids('prev'));
		local.upsert(doc(task('tva', 'TVA mai'), 'Dupont Maçonnerie'));
		expect(local.search('maconnerie mai')).toEqual(ids('tva'));
	});
});

describe('TaskSearchIndex and MiniSearch', () => {
	it('find the same entries, for every kind of word, after replaces and discards', () => {
		// The index collects ids without scoring them: what it finds must be what MiniSearch's own
		// search finds with the same options, typos and prefixes included.
		const random = prng(16);
		const words = [
			'releve',
			'relevés',
			'facture',
			'factures',
			'tva',
			'tvb',
			'garage',
			'gare',
			'previsionnel',
			'prevision',
			'bellevue',
			'belle',
			'2026',
			'2025',
			'04',
			'paie',
			'paye'
		];
		const text = (n: number) =>
			Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
		const entry = (id: string): TaskSearchDoc => ({
			id,
			title: text(2),
			client: text(2),
			assignee: text(1),
			category: text(1),
			period: text(1),
			requests: text(3),
			text: text(6)
		});
		const index = new TaskSearchIndex();
		const reference = new MiniSearch<TaskSearchDoc>(taskIndexOptions);
		const entries = Array.from({ length: 300 }, (_, i) => entry(`t${i}`));
		index.upsertAll(entries);
		reference.addAll(entries);
		for (let i = 0; i < 300; i += 7) {
			const id = `t${i}`;
			if (i % 2) {
				index.discard(id);
				reference.discard(id);
			} else {
				const replaced = entry(id);
				index.upsert(replaced);
				reference.replace(replaced);
			}
		}
		const queries = [
			...words,
			're',
			'fac',
			'factur',
			'previsionel',
			'prevsionnel',
			'belevue',
			'garge',
			'202',
			'pai',
			'tv'
		];
		for (const query of queries) {
			const found = new Set(reference.search(query).map((result) => result.id as string));
			expect(index.search(query), query).toEqual(found);
		}
	});
});

describe('RequestSearchIndex', () => {
	it('searches a client’s requests by title, description and comments', () => {
		const index = new RequestSearchIndex();
		index.upsert({ id: 'r1', title: 'Relevé bancaire', text: 'Compte courant\nEnvoyé hier' });
		index.upsert({ id: 'r2', title: 'Factures de ventes', text: 'Période complète' });
		expect(index.search('releve')).toEqual(new Set(['r1']));
		expect(index.search('envoye')).toEqual(new Set(['r1']));
		expect(index.search('FACTURE periode')).toEqual(new Set(['r2']));
		expect(index.search(' ')).toBeNull();
		index.discard('r1');
		expect(index.search('releve')).toEqual(new Set());
		expect(index.size).toBe(1);
	});
});

describe('FileSearchIndex', () => {
	it('finds a file by a word of its name, without accents, with a typo', () => {
		const index = new FileSearchIndex();
		index.upsertAll([
			{ id: 'a', name: 'Relevé bancaire avril.pdf', folder: 'Alter Ce/2019/TVA/2019-04' },
			{ id: 'b', name: 'Grand livre.xlsx', folder: 'Alter Ce/2019/Bilan' }
		]);
		expect(index.search('releve')).toEqual(new Set(['a']));
		expect(index.search('bancarie')).toEqual(new Set(['a']));
		expect(index.search('bilan')).toEqual(new Set(['b']));
	});
});
