import type { EventQuery, NewRequestEvent, RequestEvent } from './Store.ts';
import type { Queries, SqlDatabase, SqlParam } from './sql-database.ts';
import { insertRows, insertStatements } from './store-inserts.ts';
import { newRequestEvent } from './store-records.ts';
import { toRequestEvent, type Row } from './store-rows.ts';
import { nowIso, rowLimit } from './store-rules.ts';

/**
 * What clients and staff did on requests (« Nouveautés », timelines): the events the server
 * observes, and which of them each staff member has read. Written once for both dialects.
 */
export class EventTable {
	readonly #db: SqlDatabase;

	constructor(db: SqlDatabase) {
		this.#db = db;
	}

	/** `q`: a transaction's `tx`, when the events are written with other rows (a reminder). */
	async append(events: NewRequestEvent[], q?: Queries): Promise<RequestEvent[]> {
		if (events.length === 0) return [];
		const records = events.map(newRequestEvent);
		if (q) return storedEvents(records, await insertRows(q, INSERT_EVENTS, eventRows(records)));
		// Alone, the events a change makes are written off the event loop (`writeBatch`).
		const results = await this.#db.writeBatch(insertStatements(INSERT_EVENTS, eventRows(records)));
		return storedEvents(records, results.flat());
	}

	async list(query: EventQuery, limit: number): Promise<RequestEvent[]> {
		const where = eventWhere(query);
		if (!where) return [];
		const rows = await this.#db.all(
			`SELECT * FROM request_events e WHERE ${where.sql} ORDER BY seq DESC LIMIT ?`,
			...where.params,
			rowLimit(limit)
		);
		return rows.map(toRequestEvent);
	}

	async count(query: EventQuery): Promise<number> {
		const where = eventWhere(query);
		if (!where) return 0;
		const row = await this.#db.get(
			`SELECT COUNT(*) AS count FROM request_events e WHERE ${where.sql}`,
			...where.params
		);
		return Number(row?.count ?? 0);
	}

	async markRead(userId: string, firmId: string, eventIds: readonly string[]): Promise<number> {
		if (eventIds.length === 0) return 0;
		const { changes } = await this.#db.run(
			`INSERT INTO request_event_reads (user_id, event_id, read_at)
			 SELECT ?, id, ? FROM request_events WHERE firm_id = ? AND id IN (${marks(eventIds)})
			 ON CONFLICT DO NOTHING`,
			userId,
			nowIso(),
			firmId,
			...eventIds
		);
		return changes;
	}

	async readIds(userId: string, eventIds: readonly string[]): Promise<string[]> {
		if (eventIds.length === 0) return [];
		const rows = await this.#db.all(
			`SELECT event_id FROM request_event_reads WHERE user_id = ? AND event_id IN (${marks(eventIds)})`,
			userId,
			...eventIds
		);
		return rows.map((row) => String(row.event_id));
	}
}

/** Each event once (an id already there is left as it is), with the `seq` it took. */
const INSERT_EVENTS = (values: string) =>
	`INSERT INTO request_events (id, firm_id, client_id, request_id, task_id, actor_id,
		actor_name, actor_role, kind, detail, at)
		VALUES ${values} ON CONFLICT DO NOTHING RETURNING id, seq`;

function eventRows(records: ReturnType<typeof newRequestEvent>[]): SqlParam[][] {
	return records.map((event) => [
		event.id,
		event.firmId,
		event.clientId,
		event.requestId,
		event.taskId,
		event.actor.id,
		event.actor.name,
		event.actor.role,
		event.kind,
		JSON.stringify(event.detail),
		event.at
	]);
}

/** The events stored (not already there), with their seqs, in the order given. */
function storedEvents(records: ReturnType<typeof newRequestEvent>[], rows: Row[]): RequestEvent[] {
	// RETURNING names no order: the events are matched to their rows by id, each id once.
	const seqs = new Map(rows.map((row) => [String(row.id), Number(row.seq)]));
	const stored: RequestEvent[] = [];
	for (const event of records) {
		const seq = seqs.get(event.id);
		if (seq === undefined) continue;
		seqs.delete(event.id);
		stored.push({ ...event, seq });
	}
	return stored;
}

/** `?, ?, …`, one per value. */
const marks = (values: readonly unknown[]): string => values.map(() => '?').join(', ');

/** The WHERE clause of an event query over `request_events e`, or null when it matches nothing. */
function eventWhere(query: EventQuery): { sql: string; params: SqlParam[] } | null {
	if (query.taskIds?.length === 0 || query.kinds?.length === 0) return null;
	const clauses = ['e.firm_id = ?'];
	const params: SqlParam[] = [query.firmId];
	const equal = (column: string, value: string | undefined) => {
		if (value === undefined) return;
		clauses.push(`e.${column} = ?`);
		params.push(value);
	};
	equal('client_id', query.clientId);
	equal('request_id', query.requestId);
	equal('actor_id', query.actorId);
	equal('actor_role', query.actorRole);
	const within = (column: string, values: readonly string[] | undefined, not = false) => {
		if (!values || values.length === 0) return;
		clauses.push(`e.${column} ${not ? 'NOT IN' : 'IN'} (${marks(values)})`);
		params.push(...values);
	};
	within('task_id', query.taskIds);
	within('kind', query.kinds);
	within('kind', query.excludeKinds, true);
	if (query.unreadBy !== undefined) {
		clauses.push(
			'NOT EXISTS (SELECT 1 FROM request_event_reads r WHERE r.user_id = ? AND r.event_id = e.id)'
		);
		params.push(query.unreadBy);
	}
	if (query.beforeSeq !== undefined) {
		clauses.push('e.seq < ?');
		params.push(query.beforeSeq);
	}
	return { sql: clauses.join(' AND '), params };
}
