/**
 * Ids travel in document names, URLs and file paths, so they are restricted to a URL- and
 * path-safe alphabet: no separator, no dot, no percent sign can ever come from an id.
 */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A fresh random id (UUID v4). Random rather than sequential so offline replicas never collide. */
export function newId(): string {
	return crypto.randomUUID();
}

/** True when `value` is a string that is safe to use as an id (1 to 64 of `A-Z a-z 0-9 _ -`). */
export function isId(value: unknown): value is string {
	return typeof value === 'string' && ID_PATTERN.test(value);
}
