import { accept, reject, type FieldCheck } from './validation.ts';

/**
 * French company identifiers. A SIREN (9 digits) names a company; a SIRET (14 digits: the SIREN
 * then a 5-digit establishment number) names one of its establishments. Both end with a Luhn check
 * digit, except many SIRETs of La Poste (SIREN 356 000 000): INSEE numbers its thousands of post
 * offices so that their digits add up to a multiple of 5, a rule that replaces Luhn for them.
 */
const LA_POSTE = '356000000';

/**
 * The Luhn check over a string of digits, the rightmost being the check digit. Exported for
 * `siren.spec.ts`, which builds from it a SIRET that passes while its SIREN part does not.
 */
export function passesLuhn(digits: string): boolean {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
		if (i % 2 === 1) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
	}
	return sum % 10 === 0;
}

function digitSum(digits: string): number {
	let sum = 0;
	for (const char of digits) sum += char.charCodeAt(0) - 48;
	return sum;
}

/**
 * A SIREN or SIRET as people type it (spaces, dots or dashes between groups are dropped), checked
 * for length and check digit. Optional: blank means none.
 */
export function checkSiren(raw: unknown): FieldCheck<string | null> {
	if (raw === undefined || raw === null) return accept(null);
	if (typeof raw !== 'string') return reject('SIREN ou SIRET invalide.');
	const digits = raw.replace(/[\s.-]/g, '');
	if (digits === '') return accept(null);
	if (!/^\d+$/.test(digits) || (digits.length !== 9 && digits.length !== 14)) {
		return reject('Le SIREN compte 9 chiffres, le SIRET 14.');
	}
	const siren = digits.slice(0, 9);
	const valid =
		passesLuhn(siren) &&
		(digits.length === 9 ||
			passesLuhn(digits) ||
			(siren === LA_POSTE && digitSum(digits) % 5 === 0));
	return valid
		? accept(digits)
		: reject(`${digits.length === 9 ? 'SIREN' : 'SIRET'} invalide (clé de contrôle erronée).`);
}

/** The company part of a SIREN or SIRET: two establishments of one company share it. */
export function sirenOf(identifier: string): string {
	return identifier.slice(0, 9);
}

/** `123 456 789` or `123 456 789 00012`, as INSEE prints them. */
export function formatSiren(identifier: string): string {
	const groups = [identifier.slice(0, 3), identifier.slice(3, 6), identifier.slice(6, 9)];
	if (identifier.length === 14) groups.push(identifier.slice(9));
	return groups.join(' ');
}
