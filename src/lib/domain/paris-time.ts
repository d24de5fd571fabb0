/**
 * Calendar dates and wall-clock times in Europe/Paris, the firm's time zone: a reminder goes out
 * « à 9 h » Paris time whatever the server's zone, and a due date is a Paris calendar day.
 * Built on Intl (the engine's time-zone data), so DST changes come from the IANA database.
 */
export const PARIS_TIME_ZONE = 'Europe/Paris';

const PARTS = new Intl.DateTimeFormat('en-CA', {
	timeZone: PARIS_TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM`, 00:00 to 23:59. */
export function isClockTime(value: unknown): value is string {
	return typeof value === 'string' && HH_MM.test(value);
}

/** The Paris calendar date (`YYYY-MM-DD`) of an instant (epoch milliseconds). */
export function parisDate(instant: number): string {
	return new Date(instant + offsetAt(instant)).toISOString().slice(0, 10);
}

/** The Paris wall-clock time (`HH:MM`) of an instant. */
export function parisClockTime(instant: number): string {
	const p = wallClock(instant);
	return `${p.hour}:${p.minute}`;
}

/**
 * The instant (epoch milliseconds) when Paris clocks read `time` on `date`. A time skipped by the
 * spring change (02:30 on the last Sunday of March) is read as the instant after the gap (03:30),
 * a time seen twice in autumn as its first occurrence, as Temporal's `compatible` does.
 */
export function parisInstant(date: string, time: string): number {
	const asUtc = Date.UTC(
		Number(date.slice(0, 4)),
		Number(date.slice(5, 7)) - 1,
		Number(date.slice(8, 10)),
		Number(time.slice(0, 2)),
		Number(time.slice(3, 5))
	);
	// Paris is UTC+1 or UTC+2: try the offset before and after, keep what reads back as asked.
	const before = asUtc - offsetAt(asUtc - 86_400_000);
	const after = asUtc - offsetAt(asUtc + 86_400_000);
	const candidates = [before, after].filter((t) => t + offsetAt(t) === asUtc).sort((a, b) => a - b);
	// In the spring gap neither reads back; the winter offset lands just after the gap.
	return candidates[0] ?? before;
}

const HOUR_MS = 3_600_000;
/**
 * Offsets by UTC hour: Paris changes offset on whole UTC hours (01:00 UTC, since 1976), and
 * Intl is slow (microseconds a call, too much for a pass over 25,000 requests).
 */
const offsets = new Map<number, number>();
const MAX_CACHED_OFFSETS = 100_000;

/** How far Paris clocks are ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number): number {
	const hour = Math.floor(instant / HOUR_MS);
	let offset = offsets.get(hour);
	if (offset === undefined) {
		offset = wallUtc(hour * HOUR_MS) - hour * HOUR_MS;
		if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
		offsets.set(hour, offset);
	}
	return offset;
}

/** The Paris wall clock at `instant`, read as if it were a UTC time. */
function wallUtc(instant: number): number {
	const p = wallClock(instant);
	return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
}

function wallClock(instant: number): Record<Intl.DateTimeFormatPartTypes, string> {
	const parts = {} as Record<Intl.DateTimeFormatPartTypes, string>;
	for (const part of PARTS.formatToParts(instant)) parts[part.type] = part.value;
	return parts;
}

/** A calendar date the French way, `12/05/2026`: no time zone involved, the date is the date. */
export function frenchDate(date: string): string {
	const [year, month, day] = date.split('-');
	return `${day}/${month}/${year}`;
}
