/**
 * Why a command refused: `invalid` input (show `errors` beside the fields), `not_found` when the
 * target is absent (deleted by someone else meanwhile, typically), `conflict` when an explicit id
 * is already taken.
 */
export type DocCommandErrorCode = 'invalid' | 'not_found' | 'conflict';

/**
 * Thrown by a command that wrote nothing. `errors` holds one French message per field, in the
 * shape of a domain `Validation`, so that a form can display it as is.
 */
export class DocCommandError extends Error {
	readonly errors: Record<string, string>;
	readonly code: DocCommandErrorCode;

	constructor(errors: Record<string, string>, code: DocCommandErrorCode = 'invalid') {
		super(Object.values(errors).join(' ') || 'Commande refusée.');
		this.name = 'DocCommandError';
		this.errors = errors;
		this.code = code;
	}
}
