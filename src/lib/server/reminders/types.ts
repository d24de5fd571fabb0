import type { ReminderPolicy } from '../../domain/reminder-policy.ts';

/** What the « Relances » settings page shows. */
export interface ReminderSettings {
	policy: ReminderPolicy;
	/** False without `SMTP_URL`: reminders are kept in the « Boîte d'envoi », not sent. */
	mailConfigured: boolean;
}

export type SaveReminderSettingsResult =
	{ ok: true } | { ok: false; errors: Record<string, string>; values: Record<string, unknown> };

/** One message of a preview, as the contact would read it (the sign-in link is a placeholder). */
export interface ReminderPreviewMessage {
	contact: { id: string; name: string; email: string };
	subject: string;
	text: string;
	html: string;
}

export interface ReminderPreview {
	messages: ReminderPreviewMessage[];
	/** Nothing of the client is awaiting it: there is nothing to send. */
	nothingOpen: boolean;
	/** Names of the contacts who had their digest today: « Relancer » would send them nothing. */
	alreadyToday: string[];
	/** Why « Relancer » would send nothing at all (the client is paused), else null. */
	refused: string | null;
}

export interface SendReminderResult {
	/** Digests queued now (one per active contact not yet reminded today). */
	queued: number;
	/** Names of the contacts reminded now. */
	contacts: string[];
	nothingOpen: boolean;
	/**
	 * Names of the contacts already sent a digest today (by the daily pass or an earlier click):
	 * they get nothing more today (one digest per contact per day).
	 */
	alreadyToday: string[];
	/** Why nothing was sent at all, in French (« Les relances de ce client sont suspendues… »). */
	refused: string | null;
}

export interface MultiSendResult {
	sent: { clientId: string; queued: number }[];
	/** Clients that got nothing, with why in French (« Rien à relancer », « Déjà relancé aujourd’hui »…). */
	skipped: { clientId: string; reason: string }[];
}

export type ReminderDeliveryState = 'pending' | 'sent' | 'failed' | 'unsent';

export interface ReminderHistoryEntry {
	/** ISO instant the reminder was recorded. */
	at: string;
	trigger: 'auto' | 'manual';
	/** Who clicked « Relancer »; null for the daily pass. */
	by: { id: string; name: string } | null;
	contact: { name: string; email: string };
	requests: { id: string; title: string }[];
	delivery: {
		state: ReminderDeliveryState;
		/**
		 * French: « Envoyée le 12/05/2026 à 09:00 », « En attente d’envoi »,
		 * « Échec : <raison> · nouvelle tentative le … », « Échec définitif : <raison> »,
		 * « Non envoyé (e-mail non configuré) ».
		 */
		label: string;
		/** The SMTP server's or the network's reason of the last failure, else null. */
		reason: string | null;
		/** When a failed message is tried again (ISO instant), else null. */
		nextAttemptAt: string | null;
	};
}

export interface RequestReminderStats {
	count: number;
	/** ISO instant of the latest reminder including the request. */
	lastAt: string;
}

export interface ClientReminderStateView {
	paused: boolean;
	/** Paused through this date included (`YYYY-MM-DD`); null for indefinitely (or not paused). */
	until: string | null;
	/** Ids of the client's requests marked « Ne pas relancer cette demande ». */
	optedOut: string[];
}
