import { stringify } from 'csv-stringify/sync';
import type { RequestSummary } from './overview.ts';
import { progressLabel, requestProgress, type RequestProgress } from './progress.ts';
import { REVIEW_STATE_LABELS, reviewState } from './review.ts';
import { STATUS_LABELS } from './status.ts';
import { isOverdue } from './task-filters.ts';
import type { Task } from './task.ts';

/**
 * « Exporter »: the filtered « Tâches » list and the open requests as a table, then as CSV that
 * French Excel opens as it is. The xlsx writer (`src/lib/server/export/`) takes the same table,
 * so both files have the same columns, those shown on screen.
 */

/** How a column's cells are written: a date column holds `YYYY-MM-DD` strings (or `null`). */
export type ColumnType = 'text' | 'number' | 'date';

export interface ExportColumn {
	header: string;
	type: ColumnType;
	/** In characters, for the spreadsheet. */
	width: number;
}

export type ExportCell = string | number | null;

export interface ExportTable {
	/** The sheet's name (at most 31 characters, Excel's limit). */
	name: string;
	columns: ExportColumn[];
	rows: ExportCell[][];
}

/** Names of clients and staff, as the view resolves them (« — » or similar for a stranger). */
export interface ExportNames {
	client(id: string): string;
	staff(id: string): string;
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const XLSX_CONTENT_TYPE =
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const BOM = '\uFEFF';

const TASK_COLUMNS: ExportColumn[] = [
	{ header: 'Tâche', type: 'text', width: 40 },
	{ header: 'Client', type: 'text', width: 28 },
	{ header: 'Collaborateur', type: 'text', width: 22 },
	{ header: 'Échéance', type: 'date', width: 12 },
	{ header: 'En retard', type: 'text', width: 10 },
	{ header: 'Statut', type: 'text', width: 12 },
	{ header: 'Demandes', type: 'text', width: 36 },
	{ header: 'Demandes validées', type: 'number', width: 10 },
	{ header: 'Demandes au total', type: 'number', width: 10 }
];

const REQUEST_COLUMNS: ExportColumn[] = [
	{ header: 'Client', type: 'text', width: 28 },
	{ header: 'Tâche', type: 'text', width: 32 },
	{ header: 'Demande', type: 'text', width: 40 },
	{ header: 'Statut', type: 'text', width: 12 },
	{ header: 'Échéance', type: 'date', width: 12 },
	{ header: 'Commentaires', type: 'number', width: 12 },
	{ header: 'Documents', type: 'number', width: 12 }
];

/**
 * The tasks as listed (already filtered and sorted by the view), with the progress of their
 * requests taken from the overview's summaries. `today` (`YYYY-MM-DD`) says which are late.
 */
export function taskTable(
	tasks: readonly Task[],
	requests: readonly RequestSummary[],
	names: ExportNames,
	today: string
): ExportTable {
	const progress = progressByTask(requests);
	const none = requestProgress([]);
	return {
		name: 'Tâches',
		columns: TASK_COLUMNS,
		rows: tasks.map((task) => {
			const p = progress.get(task.id) ?? none;
			return [
				task.title,
				names.client(task.clientId),
				names.staff(task.assigneeId),
				task.dueDate,
				isOverdue(task, today) ? 'Oui' : 'Non',
				STATUS_LABELS[task.status],
				progressLabel(p),
				p.validated,
				p.total
			];
		})
	};
}

/**
 * The requests not yet « Validée » by the firm among `requests` (one client's, or the whole firm's), by
 * due date (none last) then client and title, with the title of their task.
 */
export function openRequestTable(
	requests: readonly RequestSummary[],
	taskTitles: ReadonlyMap<string, string>,
	names: Pick<ExportNames, 'client'>
): ExportTable {
	const open = requests
		.filter((r) => r.review !== 'validated')
		.map((r) => ({ r, client: names.client(r.clientId) }))
		.sort(
			(a, b) =>
				(a.r.dueDate ?? '9999').localeCompare(b.r.dueDate ?? '9999') ||
				a.client.localeCompare(b.client, 'fr') ||
				a.r.title.localeCompare(b.r.title, 'fr')
		);
	return {
		name: 'Demandes en cours',
		columns: REQUEST_COLUMNS,
		rows: open.map(({ r, client }) => [
			client,
			taskTitles.get(r.taskId) ?? '',
			r.title,
			REVIEW_STATE_LABELS[reviewState(r)],
			r.dueDate,
			r.commentCount,
			r.documentCount
		])
	};
}

function progressByTask(requests: readonly RequestSummary[]): Map<string, RequestProgress> {
	const byTask = new Map<string, RequestSummary[]>();
	for (const request of requests) {
		const list = byTask.get(request.taskId);
		if (list) list.push(request);
		else byTask.set(request.taskId, [request]);
	}
	return new Map([...byTask].map(([taskId, list]) => [taskId, requestProgress(list)]));
}

/** `2026-12-01` → `01/12/2026`, the date as French Excel reads it from a CSV. */
export function frenchDateCell(date: string): string {
	return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/**
 * The table as a CSV for French Excel: a byte-order mark (without it Excel reads UTF-8 as
 * Windows-1252), `;` between fields (`,` is the decimal separator there), CRLF line ends, dates
 * `DD/MM/YYYY`. Quoting is csv-stringify's; a cell starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is prefixed with `'` so that Excel never runs it as a formula (CSV injection).
 */
export function toCsv(table: ExportTable): string {
	const header = table.columns.map((column) => column.header);
	const rows = table.rows.map((row) =>
		row.map((cell, index) =>
			cell !== null && table.columns[index]?.type === 'date' ? frenchDateCell(String(cell)) : cell
		)
	);
	return (
		BOM +
		stringify([header, ...rows], {
			delimiter: ';',
			record_delimiter: 'windows',
			escape_formulas: true,
			cast: { number: (value) => String(value) }
		})
	);
}

/** `taches-2026-12-01.csv`: what the browser saves the file as. */
export function exportFileName(base: string, today: string, extension: 'csv' | 'xlsx'): string {
	return `${base}-${today}.${extension}`;
}
