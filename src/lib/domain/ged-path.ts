import { sanitizeFileName } from './file-names.ts';
import type { Category } from './task.ts';

/** Where files go when the request's task says nothing of its kind of work. */
const UNFILED = 'Divers';

export interface GedPlace {
	clientName: string;
	/** The task's category and period, when the request belongs to a task that has them. */
	category: Category | null;
	/** `YYYY-MM` or `YYYY`. */
	period: string | null;
	/** When the file arrived (ISO 8601): gives the year when the period does not. */
	at: string;
	fileName: string;
}

/**
 * The folder path of a deposited file in the firm's GED: client / fiscal year / category /
 * period / name, e.g. `Alter Ce/2019/TVA/2019-04/Relevé bancaire avril.pdf`. The year is the
 * period's when there is one (a VAT return for April 2019 belongs to 2019 even if filed in 2020).
 */
export function gedPathFor(place: GedPlace): string {
	const year = place.period?.slice(0, 4) ?? place.at.slice(0, 4);
	const segments = [place.clientName, year, place.category ?? UNFILED];
	if (place.period && place.period.length > 4) segments.push(place.period);
	return [...segments.map(sanitizeFileName), sanitizeFileName(place.fileName)].join('/');
}
