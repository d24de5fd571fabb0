import type { DocRef } from './doc-names.ts';
import { isStaff, type Role } from './roles.ts';

/** Who is asking, as far as visibility is concerned. */
export interface Principal {
	role: Role;
	firmId: string;
	clientId: string | null;
}

/**
 * Visibility of DESIGN §2: staff see every document of their own firm; a client user sees only its
 * own client's requests document, never the tasks nor the overview. Anything not listed here is
 * denied. The caller must still check in the store that the client named by `ref` belongs to that
 * firm.
 */
export function mayOpenDocument(principal: Principal, ref: DocRef): boolean {
	if (ref.firmId !== principal.firmId) return false;
	if (isStaff(principal.role)) return true;
	return (
		ref.kind === 'requests' && principal.role === 'client' && principal.clientId === ref.clientId
	);
}

/**
 * Whether `principal`, once allowed to open `ref` by {@link mayOpenDocument}, may only read it.
 * True for the overview and the activity document, whoever asks: the server derives them from
 * the requests documents,
 * so no browser ever writes it (the server opens such connections read-only, and Hocuspocus then
 * applies none of their updates). A client user's requests document is not read-only: its
 * limited writes are checked change by change on the server instead. The principal is part of
 * the contract so that a rule by role (say, a read-only staff member) lands here and nowhere else.
 */
export function isReadOnlyFor(_principal: Principal, ref: DocRef): boolean {
	return ref.kind === 'overview' || ref.kind === 'activity';
}
