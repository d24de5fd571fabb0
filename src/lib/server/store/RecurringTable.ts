import type { RequestTemplate, TemplateItem } from '../../domain/request-templates.ts';
import type { RecurringWork, StoredTemplate } from './Store.ts';
import type { Queries, SqlDatabase } from './sql-database.ts';
import type { Row } from './store-rows.ts';
import { isoInstant } from './store-rules.ts';

/**
 * Recurring work (issue 15), written once for both dialects: the firm's « Modèles de demandes »
 * and the claims of the recurring rules. A claim is `INSERT … ON CONFLICT DO NOTHING` on the
 * primary key (client, period key) and then a read of the row, so that two instances claiming
 * at once make one row and both see it; only the caller whose insert made it has `created`.
 */
export class RecurringTable {
	readonly #db: SqlDatabase;

	constructor(db: SqlDatabase) {
		this.#db = db;
	}

	/**
	 * The firm row's `templates_seeded_at` is set by one conditional UPDATE in the transaction
	 * that inserts the templates: on PostgreSQL the second of two concurrent callers waits on the
	 * row lock and then sees the column set; on SQLite the write lock orders them.
	 */
	async seed(firmId: string, templates: readonly RequestTemplate[], at: string): Promise<boolean> {
		const instant = isoInstant(at);
		return this.#db.transaction(async (tx) => {
			const { changes } = await tx.run(
				'UPDATE firms SET templates_seeded_at = ? WHERE id = ? AND templates_seeded_at IS NULL',
				instant,
				firmId
			);
			if (changes !== 1) return false;
			let position = await nextPosition(tx, firmId);
			for (const template of templates) {
				await insertTemplate(tx, firmId, template, position++, instant);
			}
			return true;
		});
	}

	async templates(firmId: string): Promise<StoredTemplate[]> {
		const rows = await this.#db.all(
			'SELECT * FROM request_templates WHERE firm_id = ? ORDER BY position, id',
			firmId
		);
		return rows.map(toTemplate);
	}

	async template(id: string): Promise<StoredTemplate | null> {
		const row = await this.#db.get('SELECT * FROM request_templates WHERE id = ?', id);
		return row ? toTemplate(row) : null;
	}

	async create(firmId: string, template: RequestTemplate, at: string): Promise<StoredTemplate> {
		const id = await this.#db.transaction(async (tx) =>
			insertTemplate(tx, firmId, template, await nextPosition(tx, firmId), isoInstant(at))
		);
		return (await this.template(id))!;
	}

	async update(id: string, template: RequestTemplate, at: string): Promise<void> {
		await this.#db.run(
			'UPDATE request_templates SET name = ?, items = ?, updated_at = ? WHERE id = ?',
			template.name,
			JSON.stringify(template.items),
			isoInstant(at),
			id
		);
	}

	async delete(id: string): Promise<void> {
		await this.#db.run('DELETE FROM request_templates WHERE id = ?', id);
	}

	async claim(input: {
		firmId: string;
		clientId: string;
		periodKey: string;
		taskId: string;
		at: string;
	}): Promise<{ work: RecurringWork; created: boolean }> {
		const { changes } = await this.#db.run(
			`INSERT INTO recurring_work (client_id, period_key, firm_id, task_id, claimed_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (client_id, period_key) DO NOTHING`,
			input.clientId,
			input.periodKey,
			input.firmId,
			input.taskId,
			isoInstant(input.at)
		);
		const row = await this.#db.get(
			'SELECT * FROM recurring_work WHERE client_id = ? AND period_key = ?',
			input.clientId,
			input.periodKey
		);
		if (!row) throw new Error(`Recurring work ${input.periodKey} vanished as it was claimed`);
		return { work: toWork(row), created: changes === 1 };
	}

	async complete(clientId: string, periodKey: string, at: string): Promise<void> {
		await this.#db.run(
			`UPDATE recurring_work SET done_at = ?
			WHERE client_id = ? AND period_key = ? AND done_at IS NULL`,
			isoInstant(at),
			clientId,
			periodKey
		);
	}

	async work(firmId: string): Promise<RecurringWork[]> {
		const rows = await this.#db.all(
			'SELECT * FROM recurring_work WHERE firm_id = ? ORDER BY claimed_at DESC, period_key',
			firmId
		);
		return rows.map(toWork);
	}
}

async function nextPosition(tx: Queries, firmId: string): Promise<number> {
	const row = await tx.get(
		'SELECT MAX(position) AS last FROM request_templates WHERE firm_id = ?',
		firmId
	);
	return row?.last == null ? 0 : Number(row.last) + 1;
}

async function insertTemplate(
	tx: Queries,
	firmId: string,
	template: RequestTemplate,
	position: number,
	at: string
): Promise<string> {
	const id = crypto.randomUUID();
	await tx.run(
		`INSERT INTO request_templates (id, firm_id, name, items, position, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id,
		firmId,
		template.name,
		JSON.stringify(template.items),
		position,
		at,
		at
	);
	return id;
}

function toTemplate(row: Row): StoredTemplate {
	return {
		id: String(row.id),
		firmId: String(row.firm_id),
		name: String(row.name),
		items: JSON.parse(String(row.items)) as TemplateItem[],
		position: Number(row.position),
		createdAt: String(row.created_at),
		updatedAt: String(row.updated_at)
	};
}

function toWork(row: Row): RecurringWork {
	return {
		clientId: String(row.client_id),
		periodKey: String(row.period_key),
		firmId: String(row.firm_id),
		taskId: String(row.task_id),
		claimedAt: String(row.claimed_at),
		doneAt: row.done_at == null ? null : String(row.done_at)
	};
}
