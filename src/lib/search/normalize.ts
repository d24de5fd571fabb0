/** Marks that NFD splits off letters: accents, cedillas, diaereses. */
const COMBINING = /\p{M}+/gu;

/**
 * Folds a word for matching: lower case, no accents, ligatures spelled out. « Prévisionnel » and
 * « PREVISIONNEL » both become « previsionnel »; « Maçonnerie » becomes « maconnerie ».
 */
export function foldText(text: string): string {
	return text
		.toLowerCase()
		.replaceAll('œ', 'oe')
		.replaceAll('æ', 'ae')
		.normalize('NFD')
		.replace(COMBINING, '');
}

/** Splits on anything that is neither a letter nor a digit; keeps « 2019 », « 04 », « TVA ». */
export function tokenize(text: string): string[] {
	return text.split(/[^\p{L}\p{N}\p{M}]+/u).filter((token) => token.length > 0);
}
