import type { EventTable } from './EventTable.ts';
import type { OutboxTable } from './OutboxTable.ts';
import type {
	AddedReminder,
	NewReminder,
	NewReminderDigest,
	Reminder,
	ReminderOptOut,
	ReminderPause
} from './Store.ts';
import type { Queries, SqlDatabase } from './sql-database.ts';
import type { Row } from './store-rows.ts';
import { insertAudit, insertRows, insertSigninLink } from './store-inserts.ts';
import { newSigninLink } from './store-records.ts';
import { isoInstant, rowLimit } from './store-rules.ts';

/**
 * The reminders' tables (issue 13), written once for both dialects: firm settings (generic), the
 * clients' pauses, the requests' opt-outs, and each digest queued with the requests it listed.
 * Digests are written a batch at a time, each with its outbox message, sign-in link, audit entry
 * and timeline events, in one transaction: a crash leaves all of a batch or none, one commit (one
 * fsync) serves the batch, and the outbox's idempotency key makes it once per contact a day.
 */
export class ReminderTable {
	readonly #db: SqlDatabase;
	readonly #outbox: OutboxTable;
	readonly #events: EventTable;

	constructor(db: SqlDatabase, outbox: OutboxTable, events: EventTable) {
		this.#db = db;
		this.#outbox = outbox;
		this.#events = events;
	}

	async getSetting(firmId: string, key: string): Promise<unknown> {
		const row = await this.#db.get(
			'SELECT value FROM firm_settings WHERE firm_id = ? AND setting_key = ?',
			firmId,
			key
		);
		return row ? (JSON.parse(String(row.value)) as unknown) : undefined;
	}

	async setSetting(firmId: string, key: string, value: unknown, at: string): Promise<void> {
		await this.#db.run(
			`INSERT INTO firm_settings (firm_id, setting_key, value, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (firm_id, setting_key) DO UPDATE SET value = excluded.value,
				updated_at = excluded.updated_at`,
			firmId,
			key,
			JSON.stringify(value ?? null),
			isoInstant(at)
		);
	}

	async setPause(pause: ReminderPause): Promise<void> {
		await this.#db.run(
			`INSERT INTO reminder_pauses (client_id, firm_id, until_date, by_user_id, at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (client_id) DO UPDATE SET until_date = excluded.until_date,
				by_user_id = excluded.by_user_id, at = excluded.at`,
			pause.clientId,
			pause.firmId,
			pause.until,
			pause.byUserId,
			isoInstant(pause.at)
		);
	}

	async deletePause(clientId: string): Promise<void> {
		await this.#db.run('DELETE FROM reminder_pauses WHERE client_id = ?', clientId);
	}

	async listPauses(firmId: string): Promise<ReminderPause[]> {
		const rows = await this.#db.all(
			'SELECT * FROM reminder_pauses WHERE firm_id = ? ORDER BY client_id',
			firmId
		);
		return rows.map((row) => ({
			clientId: String(row.client_id),
			firmId: String(row.firm_id),
			until: nullableText(row.until_date),
			byUserId: nullableText(row.by_user_id),
			at: String(row.at)
		}));
	}

	async setOptOut(optOut: ReminderOptOut): Promise<void> {
		await this.#db.run(
			`INSERT INTO reminder_optouts (request_id, client_id, firm_id, by_user_id, at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING`,
			optOut.requestId,
			optOut.clientId,
			optOut.firmId,
			optOut.byUserId,
			isoInstant(optOut.at)
		);
	}

	async deleteOptOut(requestId: string): Promise<void> {
		await this.#db.run('DELETE FROM reminder_optouts WHERE request_id = ?', requestId);
	}

	async listOptOuts(firmId: string, clientId?: string): Promise<ReminderOptOut[]> {
		const rows =
			clientId === undefined
				? await this.#db.all(
						'SELECT * FROM reminder_optouts WHERE firm_id = ? ORDER BY request_id',
						firmId
					)
				: await this.#db.all(
						'SELECT * FROM reminder_optouts WHERE firm_id = ? AND client_id = ? ORDER BY request_id',
						firmId,
						clientId
					);
		return rows.map((row) => ({
			requestId: String(row.request_id),
			clientId: String(row.client_id),
			firmId: String(row.firm_id),
			byUserId: nullableText(row.by_user_id),
			at: String(row.at)
		}));
	}

	/** `Store.addReminders`: one transaction, the digests in key order, results in input order. */
	async addMany(digests: NewReminderDigest[]): Promise<AddedReminder[]> {
		if (digests.length === 0) return [];
		const order = digests
			.map((digest, index) => ({ key: digest.message.idempotencyKey, index }))
			.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
		return this.#db.transaction(async (tx) => {
			const added: AddedReminder[] = [];
			for (const { index } of order) added[index] = await this.#add(tx, digests[index]!);
			return added;
		});
	}

	async #add(tx: Queries, digest: NewReminderDigest): Promise<AddedReminder> {
		if (!(await isActiveClient(tx, digest.reminder.contactUserId))) {
			return { message: null, reminder: null, created: false };
		}
		const { message, created } = await this.#outbox.add(digest.message, tx);
		if (!created) return { message, reminder: await this.#byOutbox(tx, message.id), created };
		const reminder = await insertReminder(tx, digest.reminder, message.id);
		await insertSigninLink(tx, newSigninLink(digest.signinLink));
		await insertAudit(tx, digest.audit);
		await this.#events.append(digest.events, tx);
		return { message, reminder, created };
	}

	async #byOutbox(q: Queries, outboxId: string): Promise<Reminder | null> {
		const row = await q.get('SELECT * FROM reminders WHERE outbox_id = ?', outboxId);
		if (!row) return null;
		const requests = await q.all(
			'SELECT request_id FROM reminder_requests WHERE reminder_id = ? ORDER BY request_id',
			String(row.id)
		);
		return toReminder(
			row,
			requests.map((request) => String(request.request_id))
		);
	}

	async list(
		firmId: string,
		options: { clientId?: string; parisDate?: string; limit?: number }
	): Promise<Reminder[]> {
		const limit = rowLimit(options.limit ?? 1000);
		const conditions = ['r.firm_id = ?'];
		const params = [firmId];
		if (options.clientId !== undefined) {
			conditions.push('r.client_id = ?');
			params.push(options.clientId);
		}
		if (options.parisDate !== undefined) {
			conditions.push('r.paris_date = ?');
			params.push(options.parisDate);
		}
		const where = conditions.join(' AND ');
		return this.#db.transaction(
			async (tx) => {
				const rows = await tx.all(
					`SELECT r.* FROM reminders r WHERE ${where} ORDER BY r.at DESC, r.id DESC LIMIT ?`,
					...params,
					limit
				);
				if (rows.length === 0) return [];
				const links = await tx.all(
					`SELECT q.reminder_id, q.request_id FROM reminder_requests q
					JOIN reminders r ON r.id = q.reminder_id WHERE ${where}
					ORDER BY q.request_id`,
					...params
				);
				const byReminder = new Map<string, string[]>();
				for (const link of links) {
					const key = String(link.reminder_id);
					const ids = byReminder.get(key) ?? [];
					ids.push(String(link.request_id));
					byReminder.set(key, ids);
				}
				return rows.map((row) => toReminder(row, byReminder.get(String(row.id)) ?? []));
			},
			{ mode: 'read' }
		);
	}

	async sends(firmId: string): Promise<{ requestId: string; at: string }[]> {
		const rows = await this.#db.all(
			`SELECT q.request_id, r.at FROM reminder_requests q
			JOIN reminders r ON r.id = q.reminder_id WHERE r.firm_id = ?`,
			firmId
		);
		return rows.map((row) => ({ requestId: String(row.request_id), at: String(row.at) }));
	}
}

const nullableText = (value: unknown): string | null => (value == null ? null : String(value));

/** Read in the digest's transaction: a contact deactivated since the pass began gets nothing. */
async function isActiveClient(q: Queries, userId: string): Promise<boolean> {
	const row = await q.get(
		"SELECT 1 AS one FROM users WHERE id = ? AND role = 'client' AND disabled_at IS NULL",
		userId
	);
	return row !== undefined;
}

async function insertReminder(q: Queries, r: NewReminder, outboxId: string): Promise<Reminder> {
	const id = r.id ?? crypto.randomUUID();
	await q.run(
		`INSERT INTO reminders (id, firm_id, client_id, contact_user_id, outbox_id, trigger_kind,
			by_user_id, at, paris_date)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id,
		r.firmId,
		r.clientId,
		r.contactUserId,
		outboxId,
		r.trigger,
		r.byUserId,
		isoInstant(r.at),
		r.parisDate
	);
	const requestIds = [...new Set(r.requestIds)];
	await insertRows(
		q,
		(values) => `INSERT INTO reminder_requests (reminder_id, request_id) VALUES ${values}`,
		requestIds.map((requestId) => [id, requestId])
	);
	return { ...r, id, outboxId, at: isoInstant(r.at), requestIds };
}

function toReminder(row: Row, requestIds: string[]): Reminder {
	const trigger = String(row.trigger_kind);
	if (trigger !== 'auto' && trigger !== 'manual') {
		throw new TypeError(`Unknown reminder trigger: ${trigger}`);
	}
	return {
		id: String(row.id),
		firmId: String(row.firm_id),
		clientId: String(row.client_id),
		contactUserId: String(row.contact_user_id),
		outboxId: String(row.outbox_id),
		trigger,
		byUserId: nullableText(row.by_user_id),
		at: String(row.at),
		parisDate: String(row.paris_date),
		requestIds
	};
}
