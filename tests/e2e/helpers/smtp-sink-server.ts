import { createServer } from 'node:http';
import { startSmtpSink } from '../../helpers/smtp-sink.ts';

/**
 * The e2e runs' SMTP server (playwright.config.ts starts it before the app that sends to it):
 * `tests/helpers/smtp-sink.ts` on `SMTP_PORT`, and what it received as JSON on `HTTP_PORT`
 * (`GET /mails`), for the specs to read.
 */
const smtpPort = Number(process.env.SMTP_PORT);
const httpPort = Number(process.env.HTTP_PORT);
const sink = await startSmtpSink(smtpPort);

const addresses = (field: unknown): string[] => {
	const list = Array.isArray(field) ? field : field ? [field] : [];
	return list.flatMap((f: { value: { address?: string }[] }) =>
		f.value.map((a) => a.address ?? '')
	);
};

const http = createServer((req, res) => {
	if (req.method !== 'GET' || req.url !== '/mails') {
		res.writeHead(404).end();
		return;
	}
	const mails = sink.received.map((mail) => ({
		to: addresses(mail.to),
		subject: mail.subject ?? '',
		text: mail.text ?? '',
		html: typeof mail.html === 'string' ? mail.html : ''
	}));
	res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(mails));
});
http.listen(httpPort, '127.0.0.1');

const stop = () => {
	http.close();
	void sink.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
