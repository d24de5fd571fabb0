import type { Job, JobClaim, JobState, NewJob } from './Store.ts';
import type { SqlDatabase } from './sql-database.ts';
import type { Row } from './store-rows.ts';
import { isoInstant, nowIso } from './store-rules.ts';

const JOB_STATES: readonly JobState[] = ['pending', 'done', 'failed'];

/**
 * The durable job table (DESIGN §11), written once for both dialects. Claiming is the part that
 * must hold with several instances: one `UPDATE … WHERE id IN (SELECT … LIMIT n)` in a write
 * transaction. SQLite has one writer per file (`BEGIN IMMEDIATE`), so a claim sees every claim
 * before it; PostgreSQL locks the rows it picks `FOR UPDATE SKIP LOCKED`, so concurrent claims
 * take disjoint rows without waiting, and a row another claim updated meanwhile is re-checked
 * against the condition (READ COMMITTED) and dropped: a lease is never handed out twice.
 */
export class JobTable {
	readonly #db: SqlDatabase;
	readonly #skipLocked: string;

	constructor(db: SqlDatabase) {
		this.#db = db;
		this.#skipLocked = db.forUpdate ? `${db.forUpdate} SKIP LOCKED` : '';
	}

	async enqueue(input: NewJob): Promise<{ job: Job; created: boolean }> {
		const { changes } = await this.#db.run(
			`INSERT INTO jobs (id, job_key, kind, payload, state, run_at, attempts, created_at)
			VALUES (?, ?, ?, ?, 'pending', ?, 0, ?)
			ON CONFLICT (job_key) DO NOTHING`,
			crypto.randomUUID(),
			input.key,
			input.kind,
			JSON.stringify(input.payload ?? null),
			isoInstant(input.runAt),
			nowIso()
		);
		const job = await this.get(input.key);
		if (!job) throw new Error(`Job ${input.key} vanished as it was enqueued`);
		return { job, created: changes === 1 };
	}

	async get(key: string): Promise<Job | null> {
		const row = await this.#db.get('SELECT * FROM jobs WHERE job_key = ?', key);
		return row ? toJob(row) : null;
	}

	async deleteFinished(before: string): Promise<number> {
		const { changes } = await this.#db.run(
			`DELETE FROM jobs WHERE state IN ('done', 'failed') AND finished_at <= ?`,
			isoInstant(before)
		);
		return changes;
	}

	async claim(claim: JobClaim): Promise<Job[]> {
		if (claim.kinds.length === 0 || claim.limit < 1) return [];
		const now = isoInstant(claim.now);
		const kinds = claim.kinds.map(() => '?').join(', ');
		const rows = await this.#db.transaction(async (tx) =>
			tx.all(
				`UPDATE jobs SET locked_by = ?, locked_until = ?, attempts = attempts + 1
				WHERE id IN (
					SELECT id FROM jobs
					WHERE state = 'pending' AND run_at <= ?
						AND (locked_until IS NULL OR locked_until <= ?) AND kind IN (${kinds})
					ORDER BY run_at, id LIMIT ?${this.#skipLocked}
				)
				RETURNING *`,
				claim.owner,
				isoInstant(claim.lockedUntil),
				now,
				now,
				...claim.kinds,
				Math.floor(claim.limit)
			)
		);
		return rows.map(toJob).sort((a, b) => compare(a.runAt, b.runAt) || compare(a.id, b.id));
	}

	async complete(
		id: string,
		owner: string,
		outcome: { at: string; nextRunAt?: string | null }
	): Promise<boolean> {
		const at = isoInstant(outcome.at);
		const { changes } = outcome.nextRunAt
			? await this.#db.run(
					`UPDATE jobs SET state = 'pending', run_at = ?, attempts = 0, last_error = NULL,
						locked_by = NULL, locked_until = NULL, finished_at = ?
					WHERE id = ? AND locked_by = ? AND state = 'pending'`,
					isoInstant(outcome.nextRunAt),
					at,
					id,
					owner
				)
			: await this.#db.run(
					`UPDATE jobs SET state = 'done', locked_by = NULL, locked_until = NULL, finished_at = ?
					WHERE id = ? AND locked_by = ? AND state = 'pending'`,
					at,
					id,
					owner
				);
		return changes === 1;
	}

	async fail(
		id: string,
		owner: string,
		failure: { at: string; error: string; retryAt: string | null }
	): Promise<boolean> {
		const { changes } = failure.retryAt
			? await this.#db.run(
					`UPDATE jobs SET run_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL
					WHERE id = ? AND locked_by = ? AND state = 'pending'`,
					isoInstant(failure.retryAt),
					failure.error,
					id,
					owner
				)
			: await this.#db.run(
					`UPDATE jobs SET state = 'failed', last_error = ?, locked_by = NULL,
						locked_until = NULL, finished_at = ?
					WHERE id = ? AND locked_by = ? AND state = 'pending'`,
					failure.error,
					isoInstant(failure.at),
					id,
					owner
				);
		return changes === 1;
	}
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const nullableText = (value: unknown): string | null => (value == null ? null : String(value));

function toJob(row: Row): Job {
	const state = row.state as JobState;
	if (!JOB_STATES.includes(state)) throw new TypeError(`Unknown job state: ${String(row.state)}`);
	return {
		id: String(row.id),
		key: String(row.job_key),
		kind: String(row.kind),
		payload: JSON.parse(String(row.payload)) as unknown,
		state,
		runAt: String(row.run_at),
		attempts: Number(row.attempts),
		lockedBy: nullableText(row.locked_by),
		lockedUntil: nullableText(row.locked_until),
		lastError: nullableText(row.last_error),
		createdAt: String(row.created_at),
		finishedAt: nullableText(row.finished_at)
	};
}
