import { OUTBOX_BACKOFF, retryDelay, type BackoffPolicy } from '../../domain/backoff.ts';
import { outboxStatus, type OutboxStatus } from '../../domain/outbox.ts';
import type { Clock } from '../jobs/clock.ts';
import type { Drain } from '../jobs/Scheduler.ts';
import type { MailAddress, NewOutboxMessage, OutboxMessage, Store } from '../store/Store.ts';
import type { Mailer, MailMessage } from './Mailer.ts';
import { smtpFailure } from './smtp-failure.ts';

/** An e-mail to queue: what the client will read, and the key that makes it once. */
export interface OutgoingMail {
	firmId: string;
	/**
	 * Names the message for good (`reminder:<contact>:<day>`): queuing it again, after a crash or
	 * from another instance, returns the first one and sends nothing more.
	 */
	idempotencyKey: string;
	kind: string;
	to: MailAddress;
	replyTo?: MailAddress | null;
	subject: string;
	text: string;
	html: string;
	/** Not before this instant (now by default). */
	sendAt?: number;
}

/** A message of the « Boîte d'envoi », with what the firm reads of its delivery. */
export type OutboxEntry = OutboxMessage & { status: OutboxStatus };

export interface OutboxOptions {
	store: Store;
	/** Null without `SMTP_URL`: messages are then kept `unsent`, for the firm to read. */
	mailer: Mailer | null;
	clock: Clock;
	/** Tells the scheduler a message falls due (so that it need not wait for its next poll). */
	wake?: (at: number) => void;
	backoff?: BackoffPolicy;
	/** Messages claimed and sent at a time (20, in parallel over the mailer's pool). */
	batch?: number;
	log?: (line: string) => void;
}

/**
 * Every e-mail of the app goes through here (DESIGN §11): `queue` writes it to the store before
 * anything is sent; the scheduler's passes run this as a drain, which claims due messages under a
 * lease, sends them and records the outcome (sent; or the reason and the next attempt, with
 * `OUTBOX_BACKOFF`; or given up after a permanent refusal or the last attempt).
 *
 * At most once per message is the aim, not a promise: a process killed after the SMTP server
 * accepted a message and before `markOutboxSent` committed leaves it pending, and once its lease
 * has passed it is sent again (see server/README.md, « Background work »).
 */
export class Outbox implements Drain {
	readonly name = 'outbox';
	readonly #store: Store;
	readonly #mailer: Mailer | null;
	readonly #clock: Clock;
	readonly #wake: (at: number) => void;
	readonly #backoff: BackoffPolicy;
	readonly #batch: number;
	readonly #log: (line: string) => void;

	constructor(options: OutboxOptions) {
		this.#store = options.store;
		this.#mailer = options.mailer;
		this.#clock = options.clock;
		this.#wake = options.wake ?? (() => {});
		this.#backoff = options.backoff ?? OUTBOX_BACKOFF;
		this.#batch = options.batch ?? 20;
		this.#log = options.log ?? ((line) => console.log(line));
	}

	/** Whether messages are sent (an SMTP server is configured) or only kept. */
	get configured(): boolean {
		return this.#mailer !== null;
	}

	/** Writes the message (once per key) and returns it; a new one is sent by the next pass. */
	async queue(mail: OutgoingMail): Promise<{ message: OutboxMessage; created: boolean }> {
		const [result] = await this.queueAllWith([mail], ([message]) =>
			this.#store.addOutboxMessage(message!).then((added) => [added])
		);
		return result!;
	}

	/**
	 * As {@link queue} for several messages, with `write` storing them together with rows of the
	 * caller's, in one transaction, and returning one result per message in their order (digests
	 * and their records: `Store.addReminders`).
	 */
	async queueAllWith<T extends { created: boolean }>(
		mails: readonly OutgoingMail[],
		write: (messages: NewOutboxMessage[]) => Promise<T[]>
	): Promise<T[]> {
		const state = this.#mailer ? 'pending' : 'unsent';
		const messages = mails.map((mail): NewOutboxMessage => ({
			firmId: mail.firmId,
			idempotencyKey: mail.idempotencyKey,
			kind: mail.kind,
			to: mail.to,
			replyTo: mail.replyTo ?? null,
			subject: mail.subject,
			text: mail.text,
			html: mail.html,
			state,
			sendAt: new Date(mail.sendAt ?? this.#clock.now()).toISOString()
		}));
		const results = await write(messages);
		const due = messages.filter((_, i) => results[i]?.created).map((m) => Date.parse(m.sendAt));
		if (due.length > 0 && this.#mailer) this.#wake(Math.min(...due));
		return results;
	}

	/** The firm's messages, newest first, each with its French status line. */
	async list(firmId: string, limit = 200): Promise<OutboxEntry[]> {
		const messages = await this.#store.listOutbox(firmId, limit);
		return messages.map((message) => ({ ...message, status: outboxStatus(message) }));
	}

	/** The drain: sends every due message, a batch at a time. */
	async run(context: { now: number; owner: string; leaseMs: number; signal: AbortSignal }) {
		const mailer = this.#mailer;
		// Pending messages without a mailer were queued while SMTP_URL was set; they wait for it.
		if (!mailer) return;
		while (!context.signal.aborted) {
			const now = this.#clock.now();
			const batch = await this.#store.claimOutbox({
				owner: context.owner,
				now: new Date(now).toISOString(),
				lockedUntil: new Date(now + context.leaseMs).toISOString(),
				limit: this.#batch
			});
			await Promise.all(batch.map((message) => this.#send(mailer, message, context.owner)));
			if (batch.length < this.#batch) break;
		}
	}

	async #send(mailer: Mailer, message: OutboxMessage, owner: string): Promise<void> {
		try {
			await mailer.send(mailMessage(message));
		} catch (error) {
			await this.#failed(message, owner, error);
			return;
		}
		// Apart from the send: a failure to record it must not be taken for a failed send.
		await this.#store
			.markOutboxSent(message.id, new Date(this.#clock.now()).toISOString())
			.catch((error: unknown) => {
				this.#log(`Outbox: ${message.id} was sent but not recorded as such: ${String(error)}`);
			});
	}

	async #failed(message: OutboxMessage, owner: string, error: unknown): Promise<void> {
		const { reason, permanent } = smtpFailure(error);
		const now = this.#clock.now();
		const delay = permanent ? null : retryDelay(this.#backoff, message.attempts);
		const retryAt = delay === null ? null : now + delay;
		this.#log(
			`Outbox: ${message.id} (${message.kind}) not sent, attempt ${message.attempts}, ` +
				(retryAt === null ? 'given up' : `next at ${new Date(retryAt).toISOString()}`) +
				`: ${reason}`
		);
		await this.#store.markOutboxFailed(message.id, owner, {
			at: new Date(now).toISOString(),
			error: reason.slice(0, 1000),
			retryAt: retryAt === null ? null : new Date(retryAt).toISOString()
		});
		if (retryAt !== null) this.#wake(retryAt);
	}
}

function mailMessage(message: OutboxMessage): MailMessage {
	return {
		id: `outbox.${message.id}`,
		to: message.to,
		...(message.replyTo ? { replyTo: message.replyTo } : {}),
		subject: message.subject,
		text: message.text,
		html: message.html
	};
}
