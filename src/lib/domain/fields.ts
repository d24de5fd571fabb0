import { isRecord } from './validation.ts';

/**
 * Field tables: the one description of what an entity stored in a shared document holds (DESIGN
 * §3). Each kind (`TASK_FIELDS`, `REQUEST_FIELDS`) lists its fields once, each required, optional
 * or a list, with the check its value must pass; the entity's type, its read (`parseEntity`) and
 * the server's write rules (`doc/write-rules.ts`) are all derived from that table.
 */

/** True when a stored value is valid for the field; narrows it to the field's type. */
export type ValueCheck<T> = (value: unknown) => value is T;

/** A single value. An optional one may be absent or `null`, and then reads as `null`. */
export interface ValueField<T, Optional extends boolean> {
	readonly kind: 'value';
	readonly optional: Optional;
	readonly check: ValueCheck<T>;
}

/**
 * A list of items appended over time (a request's comments, its documents). It must be present;
 * a read skips a malformed item rather than hide the whole entity, a write may add none.
 */
export interface ListField<T> {
	readonly kind: 'list';
	/** The item as a fresh object, or `null` when malformed. */
	readonly item: (value: unknown) => T | null;
}

export type FieldSpec = ValueField<unknown, boolean> | ListField<unknown>;

/** Field name → how it is stored. Every field an entity may hold is named here; no other. */
export type FieldTable = Readonly<Record<string, FieldSpec>>;

/** The type a field reads as. */
export type FieldValue<S> =
	S extends ListField<infer T>
		? T[]
		: S extends ValueField<infer T, infer Optional>
			? Optional extends true
				? T | null
				: T
			: never;

/** The plain snapshot of an entity whose fields are `Table`. */
export type Entity<Table extends FieldTable> = {
	-readonly [K in keyof Table]: FieldValue<Table[K]>;
};

/** A field that must be present and pass `check`. */
export function required<T>(check: ValueCheck<T>): ValueField<T, false> {
	return { kind: 'value', optional: false, check };
}

/** A field that may be absent or `null`; otherwise it must pass `check`. */
export function optional<T>(check: ValueCheck<T>): ValueField<T, true> {
	return { kind: 'value', optional: true, check };
}

/** A field holding a list whose items `item` parses. */
export function list<T>(item: (value: unknown) => T | null): ListField<T> {
	return { kind: 'list', item };
}

/** The spec of `key` in `table`, or `undefined` for a field the table does not name. */
export function fieldOf(table: FieldTable, key: string): FieldSpec | undefined {
	// `hasOwn`, not `table[key]`: a field named `constructor` or `toString` is unknown, not a function.
	return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * True when `value` may be stored in the value field `spec`: valid, or `null` if optional.
 * (An absent field is a matter for the entity, not the value.)
 */
export function isValidValue(spec: ValueField<unknown, boolean>, value: unknown): boolean {
	return value === null ? spec.optional : spec.check(value);
}

/**
 * Rebuilds an entity from a stored plain object as a fresh object, or `null` when a required
 * field is missing or any field is invalid. Fields the table does not name are dropped (a read
 * tolerates them; the write rules refuse them). The documents have many writers, old clients
 * included, so nothing read from them is trusted.
 */
export function parseEntity<Table extends FieldTable>(
	table: Table,
	value: unknown
): Entity<Table> | null {
	if (!isRecord(value)) return null;
	const entity: Record<string, unknown> = {};
	for (const [key, spec] of Object.entries(table)) {
		const raw = Object.hasOwn(value, key) ? value[key] : undefined;
		if (spec.kind === 'list') {
			if (!Array.isArray(raw)) return null;
			entity[key] = raw.map(spec.item).filter((item) => item !== null);
		} else if (raw === undefined || raw === null) {
			if (!spec.optional) return null;
			entity[key] = null;
		} else if (spec.check(raw)) {
			entity[key] = raw;
		} else {
			return null;
		}
	}
	return entity as Entity<Table>;
}

/** Names of the fields of `table` that must be present in every entry. */
export function requiredFields(table: FieldTable): string[] {
	return Object.entries(table)
		.filter(([, spec]) => spec.kind === 'list' || !spec.optional)
		.map(([key]) => key);
}
