import type { DocRef } from '../../src/lib/domain/doc-names.ts';
import type { Role } from '../../src/lib/domain/roles.ts';

/** What `Auth` establishes about a connection; every later hook reads it from `context`. */
export interface ConnectionContext {
	user: { id: string; name: string; role: Role; firmId: string; clientId: string | null };
	sessionId: string;
	doc: DocRef;
}
