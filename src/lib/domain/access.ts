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

/** The overview is derived by the server: everyone who may open it only reads it. */
export function isReadOnlyDocument(ref: DocRef): boolean {
	return ref.kind === 'overview';
}
