import { createTransport } from 'nodemailer';

/** One e-mail, in French, as text with an HTML alternative. */
export interface MailMessage {
	to: { name: string; address: string };
	/** Where the recipient's reply goes when it is not the sender (the collaborator in charge). */
	replyTo?: { name: string; address: string };
	subject: string;
	text: string;
	html: string;
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
	return {
		async send(message) {
			await transport.sendMail(message);
		},
		close: () => transport.close()
	};
}

function withPool(url: string): string {
	const parsed = new URL(url);
	if (!parsed.searchParams.has('pool')) parsed.searchParams.set('pool', 'true');
	return parsed.toString();
}
