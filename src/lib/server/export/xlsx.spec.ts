import { readSheet } from 'read-excel-file/node';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { openRequestTable, taskTable, type ExportNames } from '../../domain/export.ts';
import type { RequestSummary } from '../../domain/overview.ts';
import type { Task } from '../../domain/task.ts';
import { writeXlsx } from './xlsx.ts';

const AT = '2026-11-20T09:00:00.000Z';
const names: ExportNames = {
	client: (id) => ({ c_alter: 'Alter Ce', c_dupont: 'Dupont Maçonnerie' })[id] ?? '—',
	staff: () => 'Paul Martin'
};
const tasks: Task[] = [
	{
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
		updatedAt: AT
	},
	{
		id: 't_2',
		title: '=SUM(A1) ; « Bilan »\nligne 2',
		clientId: 'c_dupont',
		assigneeId: 'u_paul',
		status: 'todo',
		dueDate: null,
		category: null,
		period: null,
		createdAt: AT,
		createdBy: 'u_paul',
		updatedAt: AT
	}
];
const requests: RequestSummary[] = [
	{
		id: 'r_1',
		clientId: 'c_alter',
		taskId: 't_1',
		title: 'Relevé bancaire novembre 2026',
		status: 'todo',
		dueDate: '2026-02-28',
		updatedAt: AT,
		commentCount: 1,
		documentCount: 2,
		text: '',
		review: null,
		returnReason: null
	}
];

const utc = (date: string) => new Date(`${date}T00:00:00.000Z`);

describe('writeXlsx', () => {
	it('writes one sheet per table, read back cell by cell, dates as dates', async () => {
		const file = await writeXlsx([
			taskTable(tasks, requests, names, '2026-12-01'),
			openRequestTable(requests, new Map([['t_1', 'TVA 11/2026']]), names)
		]);
		const sheets = await readXlsxFile(file, { trim: false });
		expect(sheets.map((s) => s.sheet)).toEqual(['Tâches', 'Demandes en cours']);

		const [header, first, second] = await readSheet(file, 'Tâches', { trim: false });
		expect(header).toEqual([
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
		expect(first).toEqual([
			'TVA 11/2026',
			'Alter Ce',
			'Paul Martin',
			utc('2026-12-21'),
			'Non',
			'En cours',
			'1 demande · 1 à faire · 0 validée',
			0,
			1
		]);
		expect(first![3]).toBeInstanceOf(Date);
		// Text stays text: a formula is not one, an empty due date is an empty cell.
		expect(second).toEqual([
			'=SUM(A1) ; « Bilan »\nligne 2',
			'Dupont Maçonnerie',
			'Paul Martin',
			null,
			'Non',
			'À faire',
			'Aucune demande',
			0,
			0
		]);

		const rows = await readSheet(file, 'Demandes en cours');
		expect(rows).toEqual([
			['Client', 'Tâche', 'Demande', 'Statut', 'Échéance', 'Commentaires', 'Documents'],
			[
				'Alter Ce',
				'TVA 11/2026',
				'Relevé bancaire novembre 2026',
				'À faire',
				utc('2026-02-28'),
				1,
				2
			]
		]);
	});

	it('writes an empty list as its header row alone', async () => {
		const file = await writeXlsx([taskTable([], [], names, '2026-12-01')]);
		const rows = await readSheet(file);
		expect(rows).toHaveLength(1);
		expect(rows[0]![0]).toBe('Tâche');
	});
});
