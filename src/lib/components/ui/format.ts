/** `2019-05-19` → `19/05/2019`, as French users read dates. */
export function frenchDate(iso: string | null): string {
	if (!iso) return '—';
	const [year, month, day] = iso.slice(0, 10).split('-');
	return `${day}/${month}/${year}`;
}

/** An ISO date-time, as `19/05/2019 14:03`. */
export function frenchDateTime(iso: string): string {
	const date = new Date(iso);
	return date.toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
}

/** A size in bytes as French users read it: `850 o`, `12 Ko`, `3,4 Mo`. */
export function fileSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} o`;
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} Ko`;
	return `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}
