import { error } from '@sveltejs/kit';
import { readRequestSummaries } from '../../doc/overview.ts';
import { readTasks } from '../../doc/tasks.ts';
import { overviewDocName, tasksDocName } from '../../domain/doc-names.ts';
import {
	CSV_CONTENT_TYPE,
	exportFileName,
	openRequestTable,
	taskTable,
	toCsv,
	XLSX_CONTENT_TYPE,
	type ExportNames,
	type ExportTable
} from '../../domain/export.ts';
import { isId } from '../../domain/ids.ts';
import { parisDate } from '../../domain/paris-time.ts';
import { isStaff } from '../../domain/roles.ts';
import { staffOnly } from '../access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import { writeXlsx } from './xlsx.ts';

export type ExportFormat = 'csv' | 'xlsx';

/** A file to download: its bytes, type and the name the browser saves it as. */
export interface ExportFile {
	body: Uint8Array<ArrayBuffer>;
	contentType: string;
	fileName: string;
}

type Rt = Pick<Runtime, 'store' | 'documents'>;

/** The format asked in a URL, `xlsx` unless `csv`. */
export function exportFormat(value: string | null): ExportFormat {
	return value === 'csv' ? 'csv' : 'xlsx';
}

/**
 * « Exporter » on « Tâches »: the tasks `taskIds` names (the page's filtered list, in its order)
 * among the firm's, with the columns of the list. Ids of another firm's tasks, or of tasks gone
 * meanwhile, are simply not found: only this firm's tasks document is read.
 */
export async function exportTasks(
	rt: Rt,
	by: SessionUser | null,
	taskIds: unknown,
	format: ExportFormat,
	now = Date.now()
): Promise<ExportFile> {
	const user = staffOnly(by);
	if (!Array.isArray(taskIds) || !taskIds.every(isId)) error(400, 'Liste de tâches invalide.');
	const [tasks, summaries, names] = await Promise.all([
		rt.documents.read(tasksDocName(user.firmId), readTasks),
		rt.documents.read(overviewDocName(user.firmId), readRequestSummaries),
		firmNames(rt, user.firmId)
	]);
	const byId = new Map(tasks.map((t) => [t.id, t]));
	const listed = taskIds.flatMap((id) => byId.get(id) ?? []);
	const shown = new Set(listed.map((t) => t.id));
	const today = parisDate(now);
	const table = taskTable(
		listed,
		summaries.filter((s) => shown.has(s.taskId)),
		names,
		today
	);
	return file(table, 'taches', today, format);
}

/**
 * « Exporter » the open requests of one client of the firm (`clientId`), or of the whole firm
 * (`null`). Another firm's client is a 404, as an unknown one.
 */
export async function exportOpenRequests(
	rt: Rt,
	by: SessionUser | null,
	clientId: string | null,
	format: ExportFormat,
	now = Date.now()
): Promise<ExportFile> {
	const user = staffOnly(by);
	if (clientId !== null) {
		const client = isId(clientId) ? await rt.store.getClient(clientId) : null;
		if (!client || client.firmId !== user.firmId) error(404, 'Ce client n’existe pas.');
	}
	const [tasks, summaries, names] = await Promise.all([
		rt.documents.read(tasksDocName(user.firmId), readTasks),
		rt.documents.read(overviewDocName(user.firmId), readRequestSummaries),
		firmNames(rt, user.firmId)
	]);
	const titles = new Map(tasks.map((t) => [t.id, t.title]));
	const requests = clientId ? summaries.filter((s) => s.clientId === clientId) : summaries;
	const table = openRequestTable(requests, titles, names);
	const base = clientId ? `demandes-${slug(names.client(clientId))}` : 'demandes';
	return file(table, base, parisDate(now), format);
}

async function firmNames(rt: Rt, firmId: string): Promise<ExportNames> {
	const [clients, users] = await Promise.all([
		rt.store.listClients(firmId),
		rt.store.listUsers(firmId)
	]);
	const clientNames = new Map(clients.map((c) => [c.id, c.name]));
	const staffNames = new Map(users.filter((u) => isStaff(u.role)).map((u) => [u.id, u.name]));
	return {
		client: (id) => clientNames.get(id) ?? 'Client inconnu',
		staff: (id) => staffNames.get(id) ?? 'Collaborateur inconnu'
	};
}

async function file(
	table: ExportTable,
	base: string,
	today: string,
	format: ExportFormat
): Promise<ExportFile> {
	const fileName = exportFileName(base, today, format);
	if (format === 'csv') {
		return {
			body: new TextEncoder().encode(toCsv(table)),
			contentType: CSV_CONTENT_TYPE,
			fileName
		};
	}
	return {
		body: new Uint8Array(await writeXlsx([table])),
		contentType: XLSX_CONTENT_TYPE,
		fileName
	};
}

/** A client's name as a file name part: `Alter Ce` → `alter-ce`. */
function slug(name: string): string {
	return (
		name
			.normalize('NFD')
			.replace(/\p{M}/gu, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 40) || 'client'
	);
}

/** The HTTP answer of an export: an attachment the browser saves, never shows. */
export function exportResponse(exported: ExportFile): Response {
	return new Response(exported.body, {
		headers: {
			'content-type': exported.contentType,
			'content-disposition': `attachment; filename="${exported.fileName}"`,
			'cache-control': 'no-store'
		}
	});
}
