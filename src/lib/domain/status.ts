/** Lifecycle shared by tasks and information requests, in workflow order. */
export const STATUSES = ['todo', 'in_progress', 'done'] as const;

export type Status = (typeof STATUSES)[number];

/** The French labels shown in the UI; the stored value never changes with the wording. */
export const STATUS_LABELS: Record<Status, string> = {
	todo: 'À faire',
	in_progress: 'En cours',
	done: 'Terminée'
};

/** True when `value` is one of {@link STATUSES}: guards everything read from a document or a form. */
export function isStatus(value: unknown): value is Status {
	return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}
