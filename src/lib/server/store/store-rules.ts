/**
 * Rules every `Store` implementation applies the same way, so that SQLite and PostgreSQL answer
 * alike and the contract suite can pin one behaviour.
 */

/**
 * The form an e-mail is stored and looked up in: trimmed, NFC (a browser may send « é » as one or
 * two code points) and lower-cased, which makes uniqueness and login case-insensitive.
 */
export function normaliseEmail(email: string): string {
	return email.trim().normalize('NFC').toLowerCase();
}

/** What `createUser` rejects with when the address is in use; callers test `code`. */
export class EmailTakenError extends Error {
	readonly code = 'EMAIL_TAKEN';

	constructor(options?: { cause?: unknown }) {
		// No address in the message: it ends up in logs.
		super('This e-mail address is already in use', options);
		this.name = 'EmailTakenError';
	}
}

/**
 * A timestamp given by a caller, as the canonical `toISOString()` form the store keeps. SQLite
 * compares the text, so `…T01:30:00+02:00` must become `…T23:30:00.000Z` to compare by instant (as
 * PostgreSQL's `timestamptz` does); a value that is not a date is refused, not stored.
 */
export function isoInstant(value: string): string {
	const time = Date.parse(value);
	if (Number.isNaN(time)) throw new RangeError(`Not a timestamp: ${JSON.stringify(value)}`);
	return new Date(time).toISOString();
}

export const nowIso = (): string => new Date().toISOString();

const NAME_COLLATOR = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * Lists sorted by name in French order (« Élodie » before « Zoé », case ignored), ties by id so
 * the order is stable. Done here rather than in SQL: SQLite's BINARY collation and a PostgreSQL
 * database's locale would each sort accents differently. Per-firm lists are small.
 */
export function byName<T extends { name: string; id: string }>(items: T[]): T[] {
	return items.sort((a, b) => NAME_COLLATOR.compare(a.name, b.name) || compareText(a.id, b.id));
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `listAudit`'s limit as a row count: anything not a positive number yields no rows. */
export function rowLimit(limit: number): number {
	return Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
}

/**
 * The `passwordHash` of a user who has not chosen a password yet (invited). Not an Argon2 string,
 * so `verifyPassword` always answers false for it; `hasPassword` tells the two apart.
 */
export const NO_PASSWORD = '!no-password';

export function hasPassword(user: { passwordHash: string }): boolean {
	return user.passwordHash !== NO_PASSWORD;
}
