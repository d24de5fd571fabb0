import type { AuditAction } from '../domain/audit.ts';
import type { Store } from './store/Store.ts';

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
	return store.appendAudit({ firmId: by.firmId, userId: by.id, action, target, detail });
}
