import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { isReadOnlyFor, mayOpenDocument } from '../../src/lib/domain/access.ts';
import { parseDocName } from '../../src/lib/domain/doc-names.ts';
import { verifyCollabToken } from '../../src/lib/server/auth/collab-token.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';
import type { ConnectionContext } from './context.ts';

/**
 * Refusal reasons travel to the provider (`onAuthenticationFailed`); they name no resource. No
 * message: Hocuspocus logs errors that have one, and a refused probe is not a server error.
 */
class Refusal extends Error {
	readonly reason: string;
	constructor(reason: string) {
		super();
		this.name = 'Refusal';
		this.reason = reason;
	}
}

/**
 * Visibility (DESIGN §2). Runs before Hocuspocus loads the document, so a refused connection never
 * receives a byte of it. The token only says which session asks; the session, the user and the
 * membership are read from the store at every connection.
 */
export class Auth implements Extension {
	readonly extensionName = 'Auth';
	readonly priority = 1000;
	readonly #store: Store;
	readonly #secret: string;

	constructor(store: Store, secret: string) {
		this.#store = store;
		this.#secret = secret;
	}

	async onAuthenticate({
		token,
		documentName,
		connectionConfig
	}: onAuthenticatePayload): Promise<ConnectionContext> {
		const ref = parseDocName(documentName);
		if (!ref) throw new Refusal('invalid-document');
		const claims = verifyCollabToken(this.#secret, token);
		if (!claims) throw new Refusal('invalid-token');

		const session = await this.#store.getSession(claims.sid);
		if (!session || session.userId !== claims.uid || Date.parse(session.expiresAt) <= Date.now()) {
			throw new Refusal('session-expired');
		}
		const user = await this.#store.getUser(claims.uid);
		if (!user || user.disabledAt) throw new Refusal('session-expired');
		if (!mayOpenDocument(user, ref)) throw new Refusal('forbidden');
		if (ref.kind === 'requests') {
			const client = await this.#store.getClient(ref.clientId);
			if (!client || client.firmId !== ref.firmId) throw new Refusal('forbidden');
		}
		// Hocuspocus itself then refuses every write on this connection: an update is answered
		// with SyncStatus(false) and neither applied, stored (Persistence skips read-only
		// connections) nor broadcast.
		if (isReadOnlyFor(user, ref)) connectionConfig.readOnly = true;
		return {
			user: {
				id: user.id,
				name: user.name,
				role: user.role,
				firmId: user.firmId,
				clientId: user.clientId
			},
			sessionId: session.id,
			doc: ref
		};
	}
}
