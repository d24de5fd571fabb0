import Holidays from 'date-holidays';

/**
 * Working days of a French firm: Monday to Friday, French public holidays excluded. The holidays
 * come from `date-holidays` (computed per year, Easter-based ones included), never from a list
 * kept by hand. Dates are Paris calendar dates `YYYY-MM-DD`; no instant or time zone is involved.
 */

/**
 * Where the firm is, for its holidays: metropolitan France by default; the Alsace-Moselle
 * departments add Good Friday and 26 December, the overseas departments their abolition day.
 */
export const HOLIDAY_REGIONS = [
	'57',
	'67',
	'68',
	'GP',
	'MQ',
	'GF',
	'RE',
	'YT',
	'BL',
	'MF'
] as const;
export type HolidayRegion = (typeof HOLIDAY_REGIONS)[number];

/** Beyond this, a search for a working day has gone wrong (no real year has such a run). */
const MAX_SEARCH_DAYS = 366;

const calendars = new Map<string, Holidays>();
const holidaysByYear = new Map<string, ReadonlyMap<string, string>>();

/** The public holidays (`date` → French name) of `year`, computed once per year and region. */
export function frenchHolidays(year: number, region?: HolidayRegion): ReadonlyMap<string, string> {
	const key = `${region ?? 'FR'}:${year}`;
	let holidays = holidaysByYear.get(key);
	if (!holidays) {
		holidays = new Map(
			calendar(region)
				.getHolidays(year)
				// `observance` days (Mother's Day, Pentecost Sunday) are not days off.
				.filter((holiday) => holiday.type === 'public')
				.map((holiday) => [holiday.date.slice(0, 10), holiday.name] as const)
		);
		holidaysByYear.set(key, holidays);
	}
	return holidays;
}

function calendar(region?: HolidayRegion): Holidays {
	const key = region ?? 'FR';
	let found = calendars.get(key);
	if (!found) {
		found = region ? new Holidays('FR', region) : new Holidays('FR');
		calendars.set(key, found);
	}
	return found;
}

/** The name of the public holiday on `date`, or null. */
export function holidayName(date: string, region?: HolidayRegion): string | null {
	return frenchHolidays(Number(date.slice(0, 4)), region).get(date) ?? null;
}

/** ISO weekday of `date`: 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
	return ((toDays(date) + 3) % 7) + 1;
}

/** Monday to Friday and not a public holiday. */
export function isWorkingDay(date: string, region?: HolidayRegion): boolean {
	return weekday(date) <= 5 && holidayName(date, region) === null;
}

/** `date` moved by `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
	return fromDays(toDays(date) + days);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return toDays(to) - toDays(from);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string, region?: HolidayRegion): string {
	return searchWorkingDay(addDays(date, 1), 1, region);
}

/** The last working day strictly before `date`. */
export function previousWorkingDay(date: string, region?: HolidayRegion): string {
	return searchWorkingDay(addDays(date, -1), -1, region);
}

/** `date` itself when it is a working day, else the next one. */
export function workingDayOnOrAfter(date: string, region?: HolidayRegion): string {
	return searchWorkingDay(date, 1, region);
}

/** `date` itself when it is a working day, else the previous one. */
export function workingDayOnOrBefore(date: string, region?: HolidayRegion): string {
	return searchWorkingDay(date, -1, region);
}

/**
 * `date` moved by `days` working days (negative goes back), counting from the next (or previous)
 * working day: adding 1 to a Friday gives the Monday, adding 0 gives `date` unchanged.
 */
export function addWorkingDays(date: string, days: number, region?: HolidayRegion): string {
	let current = date;
	const step = days < 0 ? -1 : 1;
	for (let left = Math.abs(days); left > 0; left--) {
		current = searchWorkingDay(addDays(current, step), step, region);
	}
	return current;
}

function searchWorkingDay(from: string, step: 1 | -1, region?: HolidayRegion): string {
	let current = from;
	for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
		if (isWorkingDay(current, region)) return current;
		current = addDays(current, step);
	}
	throw new RangeError(`No working day within a year of ${from}`);
}

/*
 * Days since 1970-01-01 and back, by the proleptic Gregorian arithmetic of Howard Hinnant's
 * `days_from_civil` / `civil_from_days`: no Date object, since a pass over 25,000 requests
 * does this hundreds of thousands of times.
 */
function toDays(date: string): number {
	const year = Number(date.slice(0, 4));
	const month = Number(date.slice(5, 7));
	const day = Number(date.slice(8, 10));
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146_097 + doe - 719_468;
}

function fromDays(days: number): string {
	const z = days + 719_468;
	const era = Math.floor(z / 146_097);
	const doe = z - era * 146_097;
	const yoe = Math.floor(
		(doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365
	);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
