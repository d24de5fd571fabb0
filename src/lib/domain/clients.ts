import { checkClientDueDay } from './recurring-rules.ts';
import { checkSiren, sirenOf } from './siren.ts';
import {
	accept,
	checkText,
	isRecord,
	reject,
	validateAll,
	type FieldCheck,
	type Validation
} from './validation.ts';

/** How often the client files its VAT returns (CA3 monthly or quarterly, CA12 yearly, or none). */
export const VAT_REGIMES = ['mensuel', 'trimestriel', 'annuel', 'franchise'] as const;
export type VatRegime = (typeof VAT_REGIMES)[number];

export const VAT_REGIME_LABELS: Record<VatRegime, string> = {
	mensuel: 'Mensuel',
	trimestriel: 'Trimestriel',
	annuel: 'Annuel',
	franchise: 'Franchise en base'
};

/** What staff edit of a client; the store adds id, firm and dates. */
export interface ClientFields {
	name: string;
	/** SIREN (9 digits) or SIRET (14), digits only; null when the client has none yet. */
	siren: string | null;
	/** Day the fiscal year ends, `MM-DD` (it recurs every year). */
	closingDate: string;
	vatRegime: VatRegime;
	/** The collaborator in charge of the client: a staff member of the firm. */
	managerId: string;
	/**
	 * The client's own CA3 day of the month, `null` for the firm's (« Missions récurrentes »);
	 * absent where a form does not ask (the CSV import), which keeps the stored one.
	 */
	vatDueDay?: number | null;
}

export const DEFAULT_CLOSING_DATE = '12-31';
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A closing date as accountants write it, `31/12` (a year after it, `31/12/2025`, is dropped: the
 * date recurs), stored `MM-DD`. The 29th of February is refused: a year that closes at the end of
 * February closes on the 28th in the file, as the tax forms have it.
 */
export function checkClosingDate(raw: unknown): FieldCheck<string> {
	if (typeof raw !== 'string' || raw.trim() === '') {
		return reject('Saisissez la date de clôture (jour/mois, par exemple 31/12).');
	}
	const match = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-]\d{2,4})?$/.exec(raw.trim());
	const day = Number(match?.[1]);
	const month = Number(match?.[2]);
	const valid =
		match !== null &&
		month >= 1 &&
		month <= 12 &&
		day >= 1 &&
		day <= DAYS_IN_MONTH[month - 1]! &&
		!(month === 2 && day === 29);
	if (!valid) return reject('Date de clôture invalide (jour/mois, par exemple 31/12).');
	return accept(`${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** `12-31` → `31/12`. */
export function formatClosingDate(closingDate: string): string {
	const [month, day] = closingDate.split('-');
	return `${day}/${month}`;
}

/** Lower case, no accents, single spaces: how names and free-text values are compared. */
export function foldText(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** Besides the four values, the names accountants use for them (in imported files). */
const VAT_ALIASES: Record<string, VatRegime> = {
	'reel normal': 'mensuel',
	'reel normal mensuel': 'mensuel',
	'reel normal trimestriel': 'trimestriel',
	'reel simplifie': 'annuel',
	rsi: 'annuel',
	ca12: 'annuel',
	'franchise en base': 'franchise',
	'franchise en base de tva': 'franchise',
	fb: 'franchise'
};

export function checkVatRegime(raw: unknown): FieldCheck<VatRegime> {
	if (typeof raw !== 'string' || raw.trim() === '') return reject('Choisissez le régime de TVA.');
	const folded = foldText(raw);
	const regime = VAT_REGIMES.find((r) => r === folded) ?? VAT_ALIASES[folded];
	return regime
		? accept(regime)
		: reject('Régime de TVA inconnu (mensuel, trimestriel, annuel ou franchise).');
}

export function checkClientName(raw: unknown): FieldCheck<string> {
	return checkText(
		raw,
		120,
		'Saisissez la raison sociale.',
		'Raison sociale trop longue (120 caractères au plus).'
	);
}

/** The rules of a client form; `staffIds` are the firm's active staff, who may be in charge. */
export function validateClient(
	input: unknown,
	staffIds: ReadonlySet<string>
): Validation<ClientFields> {
	const valid = validateAll<ClientFields>(input, {
		name: checkClientName,
		siren: checkSiren,
		closingDate: checkClosingDate,
		vatRegime: checkVatRegime,
		managerId: (raw) =>
			typeof raw === 'string' && staffIds.has(raw)
				? accept(raw)
				: reject('Choisissez le collaborateur en charge.'),
		vatDueDay: checkClientDueDay
	});
	// A form without the field (the CSV import) leaves the stored day as it is.
	if (valid.ok && !(isRecord(input) && 'vatDueDay' in input)) delete valid.value.vatDueDay;
	return valid;
}

/** What identifies a client for duplicate checks. */
export interface ClientIdentity {
	id: string;
	name: string;
	siren: string | null;
	archivedAt?: string | null;
}

export type Duplicate = { field: 'siren' | 'name'; client: ClientIdentity; message: string };

/**
 * The firm's clients by company (SIREN, so that two SIRETs of one company count as one client) and
 * by name once accents, case and punctuation are set aside: what a new or edited client must not
 * repeat. Kept as maps, so that checking a 5,000-row import stays linear.
 */
export class ClientIndex {
	readonly #bySiren = new Map<string, ClientIdentity>();
	readonly #byName = new Map<string, ClientIdentity>();

	constructor(clients: Iterable<ClientIdentity> = []) {
		for (const client of clients) this.add(client);
	}

	add(client: ClientIdentity): void {
		if (client.siren) this.#bySiren.set(sirenOf(client.siren), client);
		this.#byName.set(foldText(client.name), client);
	}

	/** The client `candidate` would duplicate; `exceptId` is the client being edited. */
	duplicateOf(
		candidate: { name: string; siren: string | null },
		exceptId?: string
	): Duplicate | null {
		const sameSiren = candidate.siren ? this.#bySiren.get(sirenOf(candidate.siren)) : undefined;
		const sameName = this.#byName.get(foldText(candidate.name));
		const [field, client] =
			sameSiren && sameSiren.id !== exceptId
				? (['siren', sameSiren] as const)
				: sameName && sameName.id !== exceptId
					? (['name', sameName] as const)
					: [null, null];
		if (!field) return null;
		const archived = client.archivedAt ? ' (archivé)' : '';
		const what = field === 'siren' ? 'Ce SIREN est déjà celui de' : 'Un client porte déjà ce nom :';
		return { field, client, message: `${what} ${client.name}${archived}.` };
	}
}

/** {@link ClientIndex.duplicateOf} for a single check. */
export function findDuplicate(
	candidate: { name: string; siren: string | null },
	existing: Iterable<ClientIdentity>,
	exceptId?: string
): Duplicate | null {
	return new ClientIndex(existing).duplicateOf(candidate, exceptId);
}
