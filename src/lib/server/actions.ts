/** A form's text fields; a file sent where text is expected is dropped (and then reported missing). */
export function textFields(form: FormData): Record<string, string> {
	return Object.fromEntries(
		[...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string')
	);
}
