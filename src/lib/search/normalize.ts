/** Marks that decomposition splits off letters: accents, cedillas, diaereses. */
const COMBINING = /\p{M}+/gu;

/** Anything that is neither a letter, a digit nor a mark separates words. */
const SEPARATORS = /[^\p{L}\p{N}\p{M}]+/u;

/** Shorter words are not looked up, nor indexed. */
const MIN_TERM_LENGTH = 2;

/**
 * Folds text for matching: lower case, no accents, ligatures spelled out. « Prévisionnel » and
 * « PRÉVISIONNEL » both become « previsionnel », « Maçonnerie » « maconnerie », « Œuvre »
 * « oeuvre ». Compatibility decomposition (NFKD rather than NFD) also unfolds the « ﬁ » and « ﬂ »
 * of text pasted from PDFs and the superscripts of « 1ᵉʳ », so that they match what users type.
 */
export function foldText(text: string): string {
	return text
		.toLowerCase()
		.normalize('NFKD')
		.replace(COMBINING, '')
		.replaceAll('œ', 'oe')
		.replaceAll('æ', 'ae');
}

/**
 * Splits text into words on whitespace and punctuation, apostrophes and dashes included, and keeps
 * digits: « TVA 04/2019 » gives « TVA », « 04 », « 2019 » and « 2019-04 » gives « 2019 », « 04 »,
 * so a period typed either way finds the same tasks (every word of a query must match).
 */
export function tokenize(text: string): string[] {
	return text.split(SEPARATORS).filter((token) => token.length > 0);
}

/**
 * MiniSearch's `processTerm`, for indexing and querying alike: the folded word, or `null` to skip a
 * lone character. Lone letters are mostly French elisions (« l' », « d' », « n' ») and initials;
 * lone digits are rarely whole words here (months are written « 04 », « 2019-04 »). As the word
 * being typed, either would be a prefix of thousands of words (every amount starting with « 2 »):
 * the costliest keystroke, for a useless filter. « TVA », « T1 », « 04 » and longer words stay.
 */
export function processTerm(term: string): string | null {
	const folded = foldText(term);
	return folded.length < MIN_TERM_LENGTH ? null : folded;
}

/** The words of `query` the index will look up: none means the query is blank for search. */
export function searchTerms(query: string): string[] {
	return tokenize(query).flatMap((token) => processTerm(token) ?? []);
}
