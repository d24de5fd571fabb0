/**
 * What the reminder components receive from the pages' actions: plain, serialisable shapes of the
 * reminder services' answers (components never import server modules).
 */
export interface PreviewView {
	messages: {
		contact: { id: string; name: string; email: string };
		subject: string;
		text: string;
		html: string;
	}[];
	nothingOpen: boolean;
	/** Contacts who had their digest today: « Envoyer » sends them nothing more. */
	alreadyToday: string[];
	/** Why nothing would be sent at all (a paused client), else null. */
	refused: string | null;
}

export interface SentView {
	queued: number;
	contacts: string[];
	nothingOpen: boolean;
	alreadyToday: string[];
	refused: string | null;
}

/** Whether « Envoyer » would send anything. */
export function sendable(preview: PreviewView): boolean {
	if (preview.refused || preview.nothingOpen) return false;
	const already = new Set(preview.alreadyToday);
	return preview.messages.some((message) => !already.has(message.contact.name));
}

/** One reminder sent to one contact, as the client's page lists them. */
export interface HistoryRow {
	at: string;
	trigger: 'auto' | 'manual';
	by: { id: string; name: string } | null;
	contact: { name: string; email: string };
	requests: { id: string; title: string }[];
	delivery: {
		state: 'pending' | 'sent' | 'failed' | 'unsent';
		/** French, with the failure's reason and the next attempt when there is one. */
		label: string;
		reason?: string | null;
	};
}

const names = (list: string[]) =>
	list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} et ${list.at(-1)}`;

/** The French line shown once « Envoyer » went through. */
export function sentSummary(sent: SentView): string {
	if (sent.nothingOpen) return 'Rien à relancer : aucune demande ouverte.';
	if (sent.refused && sent.queued === 0) return sent.refused;
	const parts: string[] = [];
	if (sent.queued > 0) parts.push(`Relance envoyée à ${names(sent.contacts)}.`);
	if (sent.alreadyToday.length > 0) {
		parts.push(
			`${names(sent.alreadyToday)} ${sent.alreadyToday.length > 1 ? 'ont' : 'a'} déjà reçu une relance aujourd’hui : rien de plus n’est envoyé avant demain.`
		);
	}
	return parts.join(' ') || 'Aucun contact actif à relancer.';
}

/** A request's reminder counts, from the page load. */
export interface ReminderStatsView {
	count: number;
	lastAt: string;
}

const DAY_MONTH = new Intl.DateTimeFormat('fr-FR', {
	timeZone: 'Europe/Paris',
	day: '2-digit',
	month: '2-digit'
});

/** « Relancée 2 fois · dernière le 12/05 », or « Jamais relancée ». */
export function reminderLine(stats: ReminderStatsView | undefined): string {
	if (!stats || stats.count === 0) return 'Jamais relancée';
	const times = stats.count === 1 ? 'une fois' : `${stats.count} fois`;
	return `Relancée ${times} · dernière le ${DAY_MONTH.format(new Date(stats.lastAt))}`;
}
