/**
 * When recurring background work runs next: the first instant strictly after `after` (both in
 * milliseconds since the epoch). Pure, so that the scheduler asks it with its own clock and two
 * instances asking at nearly the same moment get the same answer.
 */
export type Recurrence = (after: number) => number;

const DAY_MS = 24 * 3_600_000;

/** Every `ms`, on multiples of `ms` since the epoch (every instance lands on the same instants). */
export function every(ms: number): Recurrence {
	if (!(ms > 0)) throw new RangeError(`A recurrence needs a positive period, not ${ms}`);
	return (after) => (Math.floor(after / ms) + 1) * ms;
}

/**
 * Once a day at `hour:minute` UTC. For work whose hour nobody reads (a purge): a firm-facing hour
 * (« 9:00 ») belongs to the firm's time zone and working days, which are calendar rules.
 */
export function dailyAtUtc(hour: number, minute = 0): Recurrence {
	if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute)) {
		throw new RangeError(`Not an hour of the day: ${hour}:${minute}`);
	}
	if (minute < 0 || minute > 59) throw new RangeError(`Not an hour of the day: ${hour}:${minute}`);
	const offset = (hour * 60 + minute) * 60_000;
	return (after) => {
		const today = Math.floor(after / DAY_MS) * DAY_MS + offset;
		return today > after ? today : today + DAY_MS;
	};
}
