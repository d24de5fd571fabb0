import writeExcelFile, { type Cell, type Sheet } from 'write-excel-file/node';
import type { ExportCell, ExportColumn, ExportTable } from '../../domain/export.ts';

/**
 * The xlsx of one or more export tables, one sheet each. Dates are real Excel dates (serial
 * numbers) shown `jj/mm/aaaa`, so they sort and filter as dates; the header row is bold and stays
 * in view when scrolling. Server-only: the browser downloads the file from a route.
 */
export async function writeXlsx(tables: readonly ExportTable[]): Promise<Buffer> {
	const sheets: Sheet<Buffer>[] = tables.map((table) => ({
		sheet: sheetName(table.name),
		columns: table.columns.map((column) => ({ width: column.width })),
		stickyRowsCount: 1,
		data: [
			table.columns.map((column) => ({ value: column.header, fontWeight: 'bold' as const })),
			...table.rows.map((row) => row.map((cell, index) => xlsxCell(cell, table.columns[index])))
		]
	}));
	return writeExcelFile(sheets).toBuffer();
}

/** Excel's own date format for France, written in its format-code language. */
export const XLSX_DATE_FORMAT = 'dd/mm/yyyy';

function xlsxCell(cell: ExportCell, column: ExportColumn | undefined): Cell {
	if (cell === null) return null;
	if (column?.type === 'date') {
		const [year, month, day] = String(cell).split('-').map(Number) as [number, number, number];
		// Midnight UTC: the library counts serial days from the UTC epoch, so the day is exact.
		return {
			value: new Date(Date.UTC(year, month - 1, day)),
			type: Date,
			format: XLSX_DATE_FORMAT
		};
	}
	if (typeof cell === 'number') return { value: cell, type: Number };
	return { value: cell, type: String };
}

/** Excel refuses sheet names over 31 characters or holding `: \ / ? * [ ]`. */
function sheetName(name: string): string {
	return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Feuille 1';
}
