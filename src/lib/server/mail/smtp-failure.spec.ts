import { describe, expect, it } from 'vitest';
import { smtpFailure } from './smtp-failure.ts';

/** Errors shaped as nodemailer throws them. */
const smtpError = (fields: Record<string, unknown>) =>
	Object.assign(new Error(String(fields.message ?? 'failed')), fields);

describe('smtpFailure', () => {
	it('gives up on a recipient or a message the server refused for good', () => {
		const refused = smtpError({
			code: 'EENVELOPE',
			responseCode: 550,
			response: '550 5.1.1 <nobody@example.fr>: Recipient address rejected',
			message: "Can't send mail - all recipients were rejected"
		});
		expect(smtpFailure(refused)).toEqual({
			reason:
				'Refusé par le serveur SMTP (550 5.1.1 <nobody@example.fr>: Recipient address rejected)',
			permanent: true
		});
	});

	it('tries again after a temporary refusal, a refused login or an unreachable server', () => {
		expect(smtpFailure(smtpError({ responseCode: 451, response: '451 Try later' }))).toEqual({
			reason: 'Refusé pour l’instant par le serveur SMTP (451 Try later)',
			permanent: false
		});
		expect(
			smtpFailure(smtpError({ code: 'EAUTH', responseCode: 535, response: '535 Bad login' }))
		).toEqual({ reason: 'Identifiants SMTP refusés (535 Bad login)', permanent: false });
		expect(
			smtpFailure(smtpError({ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:2525' }))
		).toEqual({
			reason: 'Serveur SMTP injoignable (connect ECONNREFUSED 127.0.0.1:2525)',
			permanent: false
		});
		expect(smtpFailure('boom').permanent).toBe(false);
	});
});
