import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportFileName, openRequestTable, taskTable, toCsv, type ExportNames } from './export.ts';
import type { RequestSummary } from './overview.ts';
import type { Task } from './task.ts';

const AT = '2026-11-20T09:00:00.000Z';
const names: ExportNames = {
	client: (id) => ({ c_alter: 'Alter Ce', c_dupont: 'Dupont Maçonnerie' })[id] ?? '—',
	staff: (id) => ({ u_paul: 'Paul Martin' })[id] ?? '—'
};
const task = (patch: Partial<Task>): Task => ({
	id: 't_1',
	title: 'TVA 11/2026',
	clientId: 'c_alter',
	assigneeId: 'u_paul',
	status: 'in_progress',
	dueDate: '2026-12-21',
	category: 'TVA',
	period: '2026-11',
	createdAt: AT,
	createdBy: 'u_paul',
	updatedAt: AT,
	...patch
});
const request = (patch: Partial<RequestSummary>): RequestSummary => ({
	id: 'r_1',
	clientId: 'c_alter',
	taskId: 't_1',
	title: 'Relevé bancaire novembre 2026',
	status: 'todo',
	dueDate: '2026-12-11',
	updatedAt: AT,
	commentCount: 0,
	documentCount: 0,
	text: '',
	review: null,
	returnReason: null,
	...patch
});

const TASKS = [
	task({}),
	task({
		id: 't_2',
		title: 'Bilan 2025; clôture\n« urgent »',
		clientId: 'c_dupont',
		status: 'todo',
		dueDate: '2026-05-05'
	}),
	task({ id: 't_3', title: '=HYPERLINK("x")', dueDate: null, status: 'done' })
];
const REQUESTS = [
	request({}),
	request({ id: 'r_2', status: 'done', title: 'Factures de ventes' }),
	request({
		id: 'r_3',
		status: 'in_progress',
		title: 'Factures d’achats',
		dueDate: null,
		commentCount: 2,
		documentCount: 3
	}),
	request({
		id: 'r_4',
		clientId: 'c_dupont',
		taskId: 't_2',
		title: 'État des stocks',
		dueDate: '2026-02-04'
	})
];

describe('taskTable', () => {
	it('has the « Tâches » columns, the progress of each task and whether it is late', () => {
		const table = taskTable(TASKS, REQUESTS, names, '2026-12-01');
		expect(table.columns.map((c) => c.header)).toEqual([
			'Tâche',
			'Client',
			'Collaborateur',
			'Échéance',
			'En retard',
			'Statut',
			'Demandes',
			'Demandes validées',
			'Demandes au total'
		]);
		expect(table.rows).toEqual([
			[
				'TVA 11/2026',
				'Alter Ce',
				'Paul Martin',
				'2026-12-21',
				'Non',
				'En cours',
				'3 demandes · 1 à faire · 1 en cours · 1 à valider · 0 validée',
				0,
				3
			],
			[
				'Bilan 2025; clôture\n« urgent »',
				'Dupont Maçonnerie',
				'Paul Martin',
				'2026-05-05',
				'Oui',
				'À faire',
				'1 demande · 1 à faire · 0 validée',
				0,
				1
			],
			[
				'=HYPERLINK("x")',
				'Alter Ce',
				'Paul Martin',
				null,
				'Non',
				'Terminée',
				'Aucune demande',
				0,
				0
			]
		]);
	});
});

describe('openRequestTable', () => {
	it('lists the requests the firm has not validated (answered ones « À valider »), by due date (none last), with their task', () => {
		const titles = new Map(TASKS.map((t) => [t.id, t.title]));
		const table = openRequestTable(REQUESTS, titles, names);
		expect(table.columns.map((c) => c.header)).toEqual([
			'Client',
			'Tâche',
			'Demande',
			'Statut',
			'Échéance',
			'Commentaires',
			'Documents'
		]);
		expect(table.rows).toEqual([
			[
				'Dupont Maçonnerie',
				'Bilan 2025; clôture\n« urgent »',
				'État des stocks',
				'À faire',
				'2026-02-04',
				0,
				0
			],
			['Alter Ce', 'TVA 11/2026', 'Factures de ventes', 'À valider', '2026-12-11', 0, 0],
			['Alter Ce', 'TVA 11/2026', 'Relevé bancaire novembre 2026', 'À faire', '2026-12-11', 0, 0],
			['Alter Ce', 'TVA 11/2026', 'Factures d’achats', 'En cours', null, 2, 3]
		]);
	});
});

describe('toCsv', () => {
	const csv = toCsv(taskTable(TASKS, REQUESTS, names, '2026-12-01'));

	it('starts with the BOM and separates with « ; », lines with CRLF', () => {
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		expect(csv.slice(1).split('\r\n')[0]).toBe(
			'Tâche;Client;Collaborateur;Échéance;En retard;Statut;Demandes;Demandes validées;Demandes au total'
		);
	});

	it('writes dates DD/MM/YYYY and quotes a title holding « ; » and a newline', () => {
		expect(csv).toContain('\r\nTVA 11/2026;Alter Ce;Paul Martin;21/12/2026;Non;En cours;');
		expect(csv).toContain(
			'\r\n"Bilan 2025; clôture\n« urgent »";Dupont Maçonnerie;Paul Martin;05/05/2026;'
		);
	});

	it('keeps a formula from running in Excel', () => {
		expect(csv).toContain(`\r\n"'=HYPERLINK(""x"")";Alter Ce;`);
	});

	it('reads back as the same table with a CSV parser', () => {
		const rows = parse(csv.slice(1), { delimiter: ';' }) as string[][];
		expect(rows).toHaveLength(4);
		expect(rows[2]).toEqual([
			'Bilan 2025; clôture\n« urgent »',
			'Dupont Maçonnerie',
			'Paul Martin',
			'05/05/2026',
			'Oui',
			'À faire',
			'1 demande · 1 à faire · 0 validée',
			'0',
			'1'
		]);
		expect(rows[3]![3]).toBe('');
	});
});

it('names the file with the day', () => {
	expect(exportFileName('taches', '2026-12-01', 'xlsx')).toBe('taches-2026-12-01.xlsx');
});
