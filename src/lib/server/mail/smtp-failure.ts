/** Why a message was not sent, in words the firm reads, and whether trying again can help. */
export interface SmtpFailure {
	reason: string;
	/** The server refused this message for good (a 5xx answer): retrying would be refused too. */
	permanent: boolean;
}

/** What nodemailer's errors carry beside the message. */
interface NodemailerError {
	code?: unknown;
	responseCode?: unknown;
	response?: unknown;
	message?: unknown;
}

/**
 * Reads an error thrown by `Mailer.send`. A 5xx answer to the message or its recipient is
 * permanent (« adresse refusée »), except a refused login, which the operator fixes and which
 * retrying then gets past; 4xx answers, timeouts and unreachable servers are worth retrying.
 */
export function smtpFailure(error: unknown): SmtpFailure {
	const { code, responseCode, response, message } = (error ?? {}) as NodemailerError;
	const said = typeof response === 'string' && response ? response : String(message ?? error);
	if (code === 'EAUTH') {
		return { reason: `Identifiants SMTP refusés (${said})`, permanent: false };
	}
	if (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) {
		return { reason: `Refusé par le serveur SMTP (${said})`, permanent: true };
	}
	if (typeof responseCode === 'number' && responseCode >= 400 && responseCode < 500) {
		return { reason: `Refusé pour l’instant par le serveur SMTP (${said})`, permanent: false };
	}
	return { reason: `Serveur SMTP injoignable (${said})`, permanent: false };
}
