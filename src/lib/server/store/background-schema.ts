/**
 * The job table and the e-mail outbox (DESIGN §11), over each dialect's column types; one
 * migration step on both. `job_key` and `idempotency_key` are unique forever (done jobs and sent
 * messages are kept), which is what makes enqueueing and queuing idempotent. The partial-free
 * `(state, due)` indexes serve the claims; `outbox_firm` serves the « Boîte d'envoi ».
 */
export const backgroundSchema = (t: { text: string; integer: string; instant: string }) => `
	CREATE TABLE jobs (
		id ${t.text} PRIMARY KEY,
		job_key ${t.text} NOT NULL UNIQUE,
		kind ${t.text} NOT NULL,
		payload ${t.text} NOT NULL,
		state ${t.text} NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
		run_at ${t.instant} NOT NULL,
		attempts ${t.integer} NOT NULL DEFAULT 0,
		locked_by ${t.text},
		locked_until ${t.instant},
		last_error ${t.text},
		created_at ${t.instant} NOT NULL,
		finished_at ${t.instant}
	);
	CREATE INDEX jobs_due ON jobs(state, run_at);
	CREATE TABLE outbox (
		id ${t.text} PRIMARY KEY,
		firm_id ${t.text} NOT NULL REFERENCES firms(id),
		idempotency_key ${t.text} NOT NULL UNIQUE,
		kind ${t.text} NOT NULL,
		to_name ${t.text} NOT NULL,
		to_address ${t.text} NOT NULL,
		reply_to_name ${t.text},
		reply_to_address ${t.text},
		subject ${t.text} NOT NULL,
		body_text ${t.text} NOT NULL,
		body_html ${t.text} NOT NULL,
		state ${t.text} NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'unsent')),
		attempts ${t.integer} NOT NULL DEFAULT 0,
		next_attempt_at ${t.instant},
		locked_by ${t.text},
		locked_until ${t.instant},
		last_error ${t.text},
		created_at ${t.instant} NOT NULL,
		sent_at ${t.instant},
		CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL))
	);
	CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
	CREATE INDEX outbox_firm ON outbox(firm_id, created_at);
`;
