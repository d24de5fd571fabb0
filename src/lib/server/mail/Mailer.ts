import { createTransport } from 'nodemailer';

/** One e-mail, in French, as text with an HTML alternative. */
export interface MailMessage {
	to: { name: string; address: string };
	/** Where the recipient's reply goes when it is not the sender (the collaborator in charge). */
	replyTo?: { name: string; address: string };
	subject: string;
	text: string;
	html: string;
	/**
	 * A stable, unique id of this message (the outbox row's), made into its `Message-ID`: a copy
	 * sent again after a crash carries the same one, which mail systems may take as one message.
	 */
	id?: string;
}

/** Sends e-mail; the app has one when `SMTP_URL` is set, none otherwise. */
export interface Mailer {
	/** Resolves once the SMTP server accepted the message; rejects with its reason otherwise. */
	send(message: MailMessage): Promise<void>;
	close(): void;
}

/**
 * Through nodemailer over SMTP: `smtp://user:pass@host:587` (STARTTLS when the server offers it)
 * or `smtps://…:465`. A pool, so that a batch of invitations reuses one connection.
 */
export function smtpMailer(url: string, from: string): Mailer {
	const transport = createTransport(withPool(url), { from });
	const domain = /@([^@>\s]+)>?\s*$/.exec(from)?.[1] ?? 'navette.invalid';
	return {
		async send({ id, ...message }) {
			await transport.sendMail(id ? { ...message, messageId: `<${id}@${domain}>` } : message);
		},
		close: () => transport.close()
	};
}

/**
 * Pooled, with timeouts well under the outbox's lease (nodemailer's defaults wait up to 10 minutes for
 * a silent socket): a send that hangs fails and is retried, rather than outlive its claim and be
 * sent by another instance too. `SMTP_URL` may set any of them.
 */
const DEFAULTS = {
	pool: 'true',
	connectionTimeout: '30000',
	greetingTimeout: '30000',
	socketTimeout: '60000'
};

function withPool(url: string): string {
	const parsed = new URL(url);
	for (const [key, value] of Object.entries(DEFAULTS)) {
		if (!parsed.searchParams.has(key)) parsed.searchParams.set(key, value);
	}
	return parsed.toString();
}
