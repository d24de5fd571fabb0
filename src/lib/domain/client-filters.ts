import { foldText, VAT_REGIMES, type VatRegime } from './clients.ts';

/** The client list's filters, as kept in the page's URL. */
export interface ClientFilters {
	q: string;
	managerId: string | null;
	vatRegime: VatRegime | null;
	/** Archived clients instead of the current ones. */
	archived: boolean;
}

/** What the filters read of a client. */
export interface FilterableClient {
	name: string;
	siren: string | null;
	managerId: string | null;
	vatRegime: VatRegime | null;
	archivedAt: string | null;
}

/** Unknown values are ignored rather than refused: a URL is typed and shared by people. */
export function parseClientFilters(params: URLSearchParams): ClientFilters {
	const regime = params.get('tva');
	return {
		q: params.get('q')?.trim() ?? '',
		managerId: params.get('collaborateur') || null,
		vatRegime: VAT_REGIMES.find((r) => r === regime) ?? null,
		archived: params.get('statut') === 'archives'
	};
}

/**
 * The clients matching every filter. The search matches each word of `q` against the start of a
 * word of the name (accents and case aside), or digits against the SIREN/SIRET.
 */
export function filterClients<T extends FilterableClient>(
	clients: T[],
	filters: ClientFilters
): T[] {
	const words = foldText(filters.q).split(' ').filter(Boolean);
	const digits = filters.q.replace(/[\s.-]/g, '');
	const bySiren = /^\d{3,}$/.test(digits);
	return clients.filter((client) => {
		if (Boolean(client.archivedAt) !== filters.archived) return false;
		if (filters.managerId && client.managerId !== filters.managerId) return false;
		if (filters.vatRegime && client.vatRegime !== filters.vatRegime) return false;
		if (bySiren) return client.siren?.includes(digits) ?? false;
		const name = ` ${foldText(client.name)}`;
		return words.every((word) => name.includes(` ${word}`));
	});
}
