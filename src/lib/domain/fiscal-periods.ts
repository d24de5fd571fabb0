import {
	addDays,
	addWorkingDays,
	workingDayOnOrAfter,
	type HolidayRegion
} from './working-days.ts';

/*
 * Calendar periods and legal deadlines of French tax returns, on Paris calendar dates `YYYY-MM-DD`.
 * Day arithmetic and working days come from `working-days.ts`; only month arithmetic lives here.
 */

/** `YYYY-MM-DD` from numbers. */
export function isoDate(year: number, month: number, day: number): string {
	return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

export function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
	if (month === 2) return isLeapYear(year) ? 29 : 28;
	return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Year, month, day of a `YYYY-MM-DD` date. */
export function dateParts(date: string): [year: number, month: number, day: number] {
	return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** The month `months` after (or before) `year`-`month`, as `[year, month]`. */
export function shiftMonth(year: number, month: number, months: number): [number, number] {
	const index = year * 12 + (month - 1) + months;
	return [Math.floor(index / 12), (index % 12) + 1];
}

/**
 * `date` plus `months` months. A day the target month lacks becomes its last day, and the last
 * day of a month stays the last day (30/06 + 3 months = 30/09, 30/09 + 3 months = 31/12, 30/11 +
 * 3 months = the end of February): a deadline « dans les trois mois » of an end-of-month closing
 * falls at the end of the third month, which is what the DGFiP's « le 15 du 4e mois » (the end of
 * the third month plus its fifteen days of tolerance for electronic filing) implies. A mid-month
 * closing keeps its day number, as in the civil procedure rule for delays in months.
 */
export function addMonths(date: string, months: number): string {
	const [year, month, day] = dateParts(date);
	const [y, m] = shiftMonth(year, month, months);
	const endOfMonth = day === daysInMonth(year, month);
	return isoDate(y, m, endOfMonth ? daysInMonth(y, m) : Math.min(day, daysInMonth(y, m)));
}

/**
 * The day the exercice closes in `year`, from the client's `MM-DD` closing. A February closing
 * (`02-28`, or a `02-29` from older data) means the end of February: the client form stores
 * « 28/02 » for companies closing at the end of February (it refuses 29/02, which does not recur),
 * and their exercice then ends on 29 February in leap years, so that no day of a year falls
 * outside every exercice or in a one-day exercice.
 */
export function closingIn(closingDate: string, year: number): string {
	const month = Number(closingDate.slice(0, 2));
	const day = Number(closingDate.slice(3, 5));
	if (month === 2 && day >= 28) return isoDate(year, 2, daysInMonth(year, 2));
	return isoDate(year, month, Math.min(day, daysInMonth(year, month)));
}

/** A calendar-year exercice, the case the tax calendar's May deadlines are written for. */
export function isCalendarYearClosing(closingDate: string): boolean {
	return closingDate === '12-31';
}

/** The exercice holding `date`: the one that closes on the first closing day on or after it. */
export function exerciceOf(closingDate: string, date: string): { start: string; end: string } {
	const year = Number(date.slice(0, 4));
	const end = closingIn(closingDate, closingIn(closingDate, year) >= date ? year : year + 1);
	return exerciceEndingIn(closingDate, Number(end.slice(0, 4)));
}

/** The exercice that closes in `year`. */
export function exerciceEndingIn(
	closingDate: string,
	year: number
): { start: string; end: string } {
	return {
		start: addDays(closingIn(closingDate, year - 1), 1),
		end: closingIn(closingDate, year)
	};
}

/**
 * « Le deuxième jour ouvré suivant le 1er mai » of `year`: the deadline of the liasse fiscale and
 * of the CA12 for exercices closed on 31 December (the DGFiP's calendar of professional returns).
 * 1 May itself is a holiday, so the count starts on the next working day (2026: Monday 4 May,
 * Tuesday 5 May).
 */
export function secondWorkingDayAfterMayFirst(year: number, region?: HolidayRegion): string {
	return addWorkingDays(isoDate(year, 5, 1), 2, region);
}

/**
 * The deadline of an annual return (liasse, CA12) for the exercice closing on `end`. For a 31
 * December closing, the second working day after the next 1 May; otherwise three months after the
 * closing, moved to the next working day. The extra fifteen days the DGFiP grants to returns filed
 * electronically are not added: the task is due on the legal date, and a firm that works to the
 * tolerance can say so through the lead days and its own habits.
 */
export function annualReturnDeadline(
	closingDate: string,
	end: string,
	region?: HolidayRegion
): string {
	if (isCalendarYearClosing(closingDate)) {
		return secondWorkingDayAfterMayFirst(Number(end.slice(0, 4)) + 1, region);
	}
	return workingDayOnOrAfter(addMonths(end, 3), region);
}

/**
 * The CA3 deadline for a period ending on `end`: day `dueDay` of the following month (clamped to
 * that month's length), moved to the next working day. The real day (15 to 24) depends on the
 * company's form and SIREN, hence a firm default and a per-client override.
 */
export function monthlyReturnDeadline(end: string, dueDay: number, region?: HolidayRegion): string {
	const [year, month] = dateParts(end);
	const [y, m] = shiftMonth(year, month, 1);
	return workingDayOnOrAfter(isoDate(y, m, Math.min(dueDay, daysInMonth(y, m))), region);
}

/** The calendar month holding `date`. */
export function monthOf(date: string): { year: number; month: number; start: string; end: string } {
	const [year, month] = dateParts(date);
	return {
		year,
		month,
		start: isoDate(year, month, 1),
		end: isoDate(year, month, daysInMonth(year, month))
	};
}

/** The calendar quarter holding `date` (T1 = January to March). */
export function quarterOf(date: string): {
	year: number;
	quarter: number;
	start: string;
	end: string;
} {
	const [year, month] = dateParts(date);
	const quarter = Math.ceil(month / 3);
	const last = quarter * 3;
	return {
		year,
		quarter,
		start: isoDate(year, last - 2, 1),
		end: isoDate(year, last, daysInMonth(year, last))
	};
}
