import {
	accept,
	checkText,
	reject,
	validateAll,
	type FieldCheck,
	type Validation
} from './validation.ts';

/** Shortest password a user may choose (the same floor as the server's password rules). */
const MIN_PASSWORD_CHARS = 10;
const MAX_PASSWORD_CHARS = 1024;
const MAX_EMAIL_CHARS = 254;

/** A pragmatic address shape: something@domain.tld, no spaces; the mail server has the last word. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** A required e-mail address, trimmed and lower-cased. */
export function checkEmail(raw: unknown): FieldCheck<string> {
	if (typeof raw !== 'string' || raw.trim() === '') {
		return reject('Saisissez une adresse e-mail.');
	}
	const email = raw.trim().toLowerCase();
	if (email.length > MAX_EMAIL_CHARS || !EMAIL.test(email)) {
		return reject('Adresse e-mail invalide.');
	}
	return accept(email);
}

/** A new password: at least {@link MIN_PASSWORD_CHARS} characters, kept exactly as typed. */
export function checkNewPassword(raw: unknown): FieldCheck<string> {
	if (typeof raw !== 'string' || raw === '') return reject('Choisissez un mot de passe.');
	if ([...raw].length < MIN_PASSWORD_CHARS) {
		return reject(`Le mot de passe doit compter au moins ${MIN_PASSWORD_CHARS} caractères.`);
	}
	if (raw.length > MAX_PASSWORD_CHARS) return reject('Mot de passe trop long.');
	return accept(raw);
}

/** A person's display name. */
export function checkPersonName(raw: unknown): FieldCheck<string> {
	return checkText(raw, 120, 'Saisissez un nom.', 'Nom trop long (120 caractères au plus).');
}

export interface SetupInput {
	firmName: string;
	name: string;
	email: string;
	password: string;
}

/** The first-run form: the firm's name and its first administrator. */
export function validateSetup(input: unknown): Validation<SetupInput> {
	return validateAll<SetupInput>(input, {
		firmName: (raw) =>
			checkText(
				raw,
				120,
				'Saisissez le nom du cabinet.',
				'Nom du cabinet trop long (120 caractères au plus).'
			),
		name: checkPersonName,
		email: checkEmail,
		password: checkNewPassword
	});
}
