import { isOutboxState } from '../../domain/outbox.ts';
import type { NewOutboxMessage, OutboxClaim, OutboxMessage } from './Store.ts';
import type { Queries, SqlDatabase } from './sql-database.ts';
import type { Row } from './store-rows.ts';
import { isoInstant, nowIso, rowLimit } from './store-rules.ts';

/**
 * The e-mail outbox (DESIGN §11), written once for both dialects; claims work as `JobTable`'s
 * (one write transaction; `FOR UPDATE SKIP LOCKED` on PostgreSQL).
 */
export class OutboxTable {
	readonly #db: SqlDatabase;
	readonly #skipLocked: string;

	constructor(db: SqlDatabase) {
		this.#db = db;
		this.#skipLocked = db.forUpdate ? `${db.forUpdate} SKIP LOCKED` : '';
	}

	/** `q`: a transaction's `tx`, when the message is written with other rows (a reminder). */
	async add(
		input: NewOutboxMessage,
		q: Queries = this.#db
	): Promise<{ message: OutboxMessage; created: boolean }> {
		const pending = input.state === 'pending';
		const { changes } = await q.run(
			`INSERT INTO outbox (id, firm_id, idempotency_key, kind, to_name, to_address,
				reply_to_name, reply_to_address, subject, body_text, body_html, state, attempts,
				next_attempt_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
			ON CONFLICT (idempotency_key) DO NOTHING`,
			input.id ?? crypto.randomUUID(),
			input.firmId,
			input.idempotencyKey,
			input.kind,
			input.to.name,
			input.to.address,
			input.replyTo?.name ?? null,
			input.replyTo?.address ?? null,
			input.subject,
			input.text,
			input.html,
			input.state,
			pending ? isoInstant(input.sendAt) : null,
			nowIso()
		);
		const row = await q.get('SELECT * FROM outbox WHERE idempotency_key = ?', input.idempotencyKey);
		if (!row) throw new Error('An outbox message vanished as it was added');
		return { message: toOutboxMessage(row), created: changes === 1 };
	}

	async get(id: string): Promise<OutboxMessage | null> {
		const row = await this.#db.get('SELECT * FROM outbox WHERE id = ?', id);
		return row ? toOutboxMessage(row) : null;
	}

	async claim(claim: OutboxClaim): Promise<OutboxMessage[]> {
		if (claim.limit < 1) return [];
		const now = isoInstant(claim.now);
		const rows = await this.#db.transaction(async (tx) =>
			tx.all(
				`UPDATE outbox SET locked_by = ?, locked_until = ?, attempts = attempts + 1
				WHERE id IN (
					SELECT id FROM outbox
					WHERE state = 'pending' AND next_attempt_at <= ?
						AND (locked_until IS NULL OR locked_until <= ?)
					ORDER BY next_attempt_at, id LIMIT ?${this.#skipLocked}
				)
				RETURNING *`,
				claim.owner,
				isoInstant(claim.lockedUntil),
				now,
				now,
				Math.floor(claim.limit)
			)
		);
		return rows
			.map(toOutboxMessage)
			.sort((a, b) => compare(a.nextAttemptAt!, b.nextAttemptAt!) || compare(a.id, b.id));
	}

	async markSent(id: string, at: string): Promise<boolean> {
		const { changes } = await this.#db.run(
			`UPDATE outbox SET state = 'sent', sent_at = ?, next_attempt_at = NULL, last_error = NULL,
				locked_by = NULL, locked_until = NULL
			WHERE id = ? AND state = 'pending'`,
			isoInstant(at),
			id
		);
		return changes === 1;
	}

	async markFailed(
		id: string,
		owner: string,
		failure: { at: string; error: string; retryAt: string | null }
	): Promise<boolean> {
		const { changes } = failure.retryAt
			? await this.#db.run(
					`UPDATE outbox SET next_attempt_at = ?, last_error = ?, locked_by = NULL,
						locked_until = NULL
					WHERE id = ? AND locked_by = ? AND state = 'pending'`,
					isoInstant(failure.retryAt),
					failure.error,
					id,
					owner
				)
			: await this.#db.run(
					`UPDATE outbox SET state = 'failed', next_attempt_at = NULL, last_error = ?,
						locked_by = NULL, locked_until = NULL
					WHERE id = ? AND locked_by = ? AND state = 'pending'`,
					failure.error,
					id,
					owner
				);
		return changes === 1;
	}

	async list(firmId: string, limit: number): Promise<OutboxMessage[]> {
		const rows = await this.#db.all(
			'SELECT * FROM outbox WHERE firm_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
			firmId,
			rowLimit(limit)
		);
		return rows.map(toOutboxMessage);
	}
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const nullableText = (value: unknown): string | null => (value == null ? null : String(value));

function toOutboxMessage(row: Row): OutboxMessage {
	if (!isOutboxState(row.state)) {
		throw new TypeError(`Unknown outbox state: ${String(row.state)}`);
	}
	return {
		id: String(row.id),
		firmId: String(row.firm_id),
		idempotencyKey: String(row.idempotency_key),
		kind: String(row.kind),
		to: { name: String(row.to_name), address: String(row.to_address) },
		replyTo:
			row.reply_to_address == null
				? null
				: { name: String(row.reply_to_name ?? ''), address: String(row.reply_to_address) },
		subject: String(row.subject),
		text: String(row.body_text),
		html: String(row.body_html),
		state: row.state,
		attempts: Number(row.attempts),
		nextAttemptAt: nullableText(row.next_attempt_at),
		lockedBy: nullableText(row.locked_by),
		lockedUntil: nullableText(row.locked_until),
		lastError: nullableText(row.last_error),
		createdAt: String(row.created_at),
		sentAt: nullableText(row.sent_at)
	};
}
