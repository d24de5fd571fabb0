/** The firm's people and clients, by id: what the Yjs documents refer to. Loaded over HTTP. */
export interface Directory {
	/** Archived clients too: their tasks still name them; new work goes to current ones only. */
	clients: { id: string; name: string; archived?: boolean }[];
	staff: { id: string; name: string }[];
}

/** Name lookups that never fail: an id the directory does not know yet still renders. */
export class Names {
	readonly #clients: Map<string, string>;
	readonly #staff: Map<string, string>;

	constructor(directory: Directory) {
		this.#clients = new Map(directory.clients.map((c) => [c.id, c.name]));
		this.#staff = new Map(directory.staff.map((s) => [s.id, s.name]));
	}

	client(id: string): string {
		return this.#clients.get(id) ?? 'Client inconnu';
	}

	staff(id: string): string {
		return this.#staff.get(id) ?? 'Collaborateur inconnu';
	}
}

/** Today as `YYYY-MM-DD` in the user's time zone: due dates are calendar dates. */
export function localToday(now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
