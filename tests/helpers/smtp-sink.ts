import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on a random local port that keeps what it receives, for the app to send to
 * through nodemailer exactly as it would to a provider (no mock of the mail library).
 */
export interface SmtpSink {
	url: string;
	received: ParsedMail[];
	/** The mails to `address`, oldest first. */
	to(address: string): ParsedMail[];
	close(): Promise<void>;
}

/** On `port` when given (a server that comes up where the app was told to send). */
export async function startSmtpSink(port = 0): Promise<SmtpSink> {
	const received: ParsedMail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		// Closing the sink drops the app's pooled connection at once instead of waiting 30 s.
		closeTimeout: 100,
		onData(stream, _session, callback) {
			simpleParser(stream).then(
				(mail) => {
					received.push(mail);
					callback();
				},
				(error: Error) => callback(error)
			);
		}
	});
	// A sender killed mid-session (the crash tests' SIGKILL) resets its connection: expected, and
	// without a listener smtp-server's 'error' event would be an uncaught exception.
	server.on('error', () => {});
	// smtp-server listens for a socket's errors only a turn after accepting it: a sender killed in
	// that window would make the reset an uncaught exception of the test process.
	server.server.on('connection', (socket: Socket) => socket.on('error', () => {}));
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const bound = (server.server.address() as AddressInfo).port;
	return {
		url: `smtp://127.0.0.1:${bound}`,
		received,
		to: (address) =>
			received.filter((mail) => {
				const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
				return to.some((field) => field.value.some((a) => a.address === address));
			}),
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
