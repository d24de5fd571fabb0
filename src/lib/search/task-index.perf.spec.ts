import { describe, expect, it } from 'vitest';
import { prng } from '../../../tests/helpers/random.ts';
import type { RequestSummary } from '../domain/overview.ts';
import { STATUSES } from '../domain/status.ts';
import { EMPTY_FILTERS, matchesFilters, type TaskFilters } from '../domain/task-filters.ts';
import { CATEGORIES, type Task } from '../domain/task.ts';
import { TaskSearchIndex, toTaskSearchDoc, type TaskSearchDoc } from './task-index.ts';

/*
 * Measures the firm view at its target size (5,000 tasks, 25,000 requests) and logs the figures;
 * it asserts no time, since machines differ. The words are varied on purpose (names, invoice
 * numbers, amounts): a large vocabulary is what makes prefix and typo lookups costly.
 */

const TASKS = 5000;
const REQUESTS_PER_TASK = 5;

const random = prng(2026);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const number = (digits: number) => String(Math.floor(random() * 10 ** digits));

const TRADES = ['Boulangerie', 'Garage', 'Maçonnerie', 'Pharmacie', 'Atelier', 'Ferme', 'Studio'];
const NAMES = [
	'Martin',
	'Bernard',
	'Dubois',
	'Lefèvre',
	'Mercier',
	'Gauthier',
	'Rousseau',
	'Faure'
];
const PLACES = ['du Port', 'des Lilas', 'Saint-Éloi', 'Bellevue', 'de la Gare', 'Montaigne'];
const REQUEST_TITLES = [
	'Relevé bancaire',
	'Factures de ventes',
	'Factures d’achats',
	'Justificatif de virement',
	'Note de frais',
	'Contrat de prêt',
	'Inventaire des stocks',
	'Attestation Urssaf'
];
const SENTENCES = [
	'Merci de nous transmettre le document avant la fin du mois.',
	'Le virement de {n} € reste sans libellé, pouvez-vous le justifier ?',
	'Facture FA-{n} reçue, il manque la page deux.',
	'Document envoyé par courrier le {d}.',
	'Je complète lundi avec le relevé du compte épargne.',
	'Le prévisionnel doit intégrer l’embauche de septembre.',
	'Échéancier du prêt {n} à joindre, avec le tableau d’amortissement.',
	'Pouvez-vous préciser la nature de la dépense chez {w} ?'
];

function sentence(): string {
	return pick(SENTENCES)
		.replace('{n}', number(5))
		.replace('{d}', `${1 + Math.floor(random() * 28)}/0${1 + Math.floor(random() * 9)}`)
		.replace('{w}', `${pick(NAMES)}${number(3)}`);
}

function firm(): { tasks: Task[]; docs: TaskSearchDoc[] } {
	const clients = Array.from({ length: 500 }, (_, c) => ({
		id: `c${c}`,
		name: `${pick(TRADES)} ${pick(NAMES)} ${pick(PLACES)}`
	}));
	const tasks: Task[] = [];
	const docs: TaskSearchDoc[] = [];
	for (let i = 0; i < TASKS; i++) {
		const client = clients[i % clients.length]!;
		const month = String(1 + (i % 12)).padStart(2, '0');
		const category = pick(CATEGORIES);
		const task: Task = {
			id: `t${i}`,
			title: `${category} ${month}/2026 ${pick(NAMES)}`,
			clientId: client.id,
			assigneeId: `u${i % 20}`,
			status: pick(STATUSES),
			dueDate: `2026-${month}-${String(1 + (i % 28)).padStart(2, '0')}`,
			category,
			period: `2026-${month}`,
			createdAt: '2026-01-01T00:00:00.000Z',
			createdBy: 'u0',
			updatedAt: '2026-01-01T00:00:00.000Z'
		};
		const requests = Array.from({ length: REQUESTS_PER_TASK }, (_, r) =>
			request(`${task.id}-${r}`, task, `${pick(REQUEST_TITLES)} ${month}/2026`)
		);
		tasks.push(task);
		docs.push(
			toTaskSearchDoc(task, {
				clientName: client.name,
				assigneeName: `${pick(NAMES)} Collaborateur${i % 20}`,
				requests
			})
		);
	}
	return { tasks, docs };
}

function request(id: string, task: Task, title: string): RequestSummary {
	const comments = Array.from({ length: Math.floor(random() * 4) }, sentence);
	return {
		id,
		clientId: task.clientId,
		taskId: task.id,
		title,
		status: pick(STATUSES),
		dueDate: task.dueDate,
		updatedAt: task.updatedAt,
		commentCount: comments.length,
		documentCount: 0,
		text: [sentence(), ...comments].join('\n'),
		review: null,
		returnReason: null
	};
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds taken by `run`, the median of `times` runs. */
function time(run: () => void, times = 5): number {
	const samples = Array.from({ length: times }, () => {
		const start = performance.now();
		run();
		return performance.now() - start;
	});
	return median(samples);
}

const FILTERS: TaskFilters = { ...EMPTY_FILTERS, statuses: ['todo', 'in_progress'], due: 'week' };

/** What a keystroke costs the list: the search, then two filters over every task. */
function keystroke(index: TaskSearchIndex, tasks: Task[], query: string): number {
	const found = index.search(query);
	const context = { today: '2026-06-15', userId: 'u3' };
	return tasks.filter(
		(task) => (!found || found.has(task.id)) && matchesFilters(task, FILTERS, context)
	).length;
}

/** Every prefix of `query`, as typed letter by letter. */
const typed = (query: string) => Array.from(query, (_, i) => query.slice(0, i + 1));

describe('TaskSearchIndex at the firm view’s size', () => {
	it('builds, updates and answers keystrokes (figures logged)', () => {
		const { tasks, docs } = firm();
		const index = new TaskSearchIndex();
		const start = performance.now();
		index.upsertAll(docs);
		const build = performance.now() - start;
		const chars = docs.reduce((sum, d) => sum + d.requests.length + d.text.length, 0);

		const update = time(() => index.upsert({ ...docs[42]!, title: `${docs[42]!.title} urgent` }));
		const typing = [
			'previsionnel',
			'tva 2026-04',
			'releve banc',
			'facture martin',
			'maconnerie',
			'previsionel',
			'virement libelle',
			'justificatif'
		];
		time(() => typing.forEach((query) => keystroke(index, tasks, query)), 3);
		// Each query typed letter by letter, once, as a person does: the index's per-word matches
		// are emptied first, as a colleague's change would.
		const rows = typing.flatMap((query) => {
			index.upsert(docs[0]!);
			return typed(query).map((prefix) => {
				const start = performance.now();
				const hits = keystroke(index, tasks, prefix);
				return { query: prefix, ms: performance.now() - start, hits };
			});
		});
		const worst = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
		const sorted = rows.map((r) => r.ms).sort((a, b) => a - b);

		console.info(
			[
				`search: ${TASKS} tasks, ${TASKS * REQUESTS_PER_TASK} requests (${(chars / 1e6).toFixed(1)} M chars of request text)`,
				`  initial build (upsertAll) ${build.toFixed(0)} ms; one upsert (replace) ${update.toFixed(2)} ms`,
				`  keystrokes typed letter by letter (search + status and week filters over ${TASKS} tasks), ms and rows:`,
				...rows.map((r) => `    ${r.query.padEnd(18)} ${r.ms.toFixed(2).padStart(6)}  ${r.hits}`),
				`  median ${median(sorted).toFixed(2)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(2)} ms, worst ${worst.ms.toFixed(2)} ms (« ${worst.query} »)`
			].join('\n')
		);
		expect(index.size).toBe(TASKS);
		expect(index.search('previsionel')!.size).toBeGreaterThan(0);
	}, 60_000);
});
