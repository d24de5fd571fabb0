import type { AuditAction } from '../domain/audit.ts';
import type { NewAuditEntry, Store } from './store/Store.ts';

/**
 * Writes one audit entry for `by` (a person of `firmId`, or nobody: a link requested by e-mail).
 * Services call it after the change it records, never the routes.
 */
export function audit(
	store: Pick<Store, 'appendAudit'>,
	by: { firmId: string; id: string | null },
	action: AuditAction,
	target: string | null,
	detail: string | null = null
): Promise<void> {
	return store.appendAudit(auditEntry(by, action, target, detail));
}

/** The entry {@link audit} writes, for a store method that writes it with the change it records. */
export function auditEntry(
	by: { firmId: string; id: string | null },
	action: AuditAction,
	target: string | null,
	detail: string | null = null
): NewAuditEntry {
	return { firmId: by.firmId, userId: by.id, action, target, detail };
}
