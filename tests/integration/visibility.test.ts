import { AuthMessageType } from '@hocuspocus/common';
import { MessageType } from '@hocuspocus/server';
import * as Y from 'yjs';
import { describe, expect } from 'vitest';
import {
	initOverviewDocument,
	initRequestsDocument,
	initTasksDocument
} from '../../src/lib/doc/schema.ts';
import {
	activityDocName,
	overviewDocName,
	requestsDocName,
	tasksDocName
} from '../../src/lib/domain/doc-names.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { issueCollabToken } from '../../src/lib/server/auth/collab-token.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { TestNavette } from '../helpers/navette.ts';
import { isAuthResult, RawClient } from '../helpers/raw-client.ts';

/**
 * DESIGN §2, as an attacker would probe it: every kind of principal against every kind of document
 * name. A refused open must get a PermissionDenied and no byte of the document.
 */
let server: TestNavette;
const docs: Record<string, string> = {};
const tokens: Record<string, string> = {};

test.beforeAll(async ({ fileNavette }) => {
	server = fileNavette;
	const { store } = server.navette;
	const claire = (await store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
	const clients = await store.listClients(claire.firmId);
	const alterCe = clients.find((c) => c.name === 'Alter Ce')!;
	const dupont = clients.find((c) => c.name === 'Dupont Maçonnerie')!;

	// Another firm in the same store, with stored documents worth stealing.
	const other = await store.createFirm({ name: 'Cabinet Concurrent' });
	const otherClient = await store.createClient({ firmId: other.id, name: 'Client Concurrent' });
	const passwordHash = await hashPassword('un-autre-mot-de-passe');
	await store.createUser({
		firmId: other.id,
		name: 'Eve Rival',
		email: 'eve@concurrent.fr',
		role: 'admin',
		clientId: null,
		passwordHash
	});
	await store.appendUpdate(tasksDocName(other.id), initial(initTasksDocument));
	await store.appendUpdate(
		requestsDocName(other.id, otherClient.id),
		initial(initRequestsDocument)
	);
	await store.appendUpdate(overviewDocName(other.id), initial(initOverviewDocument));

	const firm = claire.firmId;
	Object.assign(docs, {
		tasks: tasksDocName(firm),
		overview: overviewDocName(firm),
		otherOverview: overviewDocName(other.id),
		alterCe: requestsDocName(firm, alterCe.id),
		dupont: requestsDocName(firm, dupont.id),
		otherTasks: tasksDocName(other.id),
		otherRequests: requestsDocName(other.id, otherClient.id),
		// The other firm's client named under our firm: membership must be checked in the store.
		foreignClientUnderOurFirm: requestsDocName(firm, otherClient.id),
		dotDot: `firm/${firm}/../${other.id}/tasks`,
		extraSegment: `firm/${firm}/tasks/extra`,
		trailingSlash: `firm/${firm}/tasks/`,
		requestsSuffix: `${requestsDocName(firm, alterCe.id)}/..`,
		encoded: `firm/${firm}%2Ftasks`,
		unknownClient: requestsDocName(firm, 'no-such-client'),
		overviewSuffix: `${overviewDocName(firm)}/..`,
		clientOverview: `firm/${firm}/clients/${alterCe.id}/overview`,
		activity: activityDocName(firm),
		otherActivity: activityDocName(other.id),
		clientActivity: `firm/${firm}/clients/${alterCe.id}/activity`
	});

	for (const [who, email] of Object.entries({ ...DEMO_ACCOUNTS, eve: 'eve@concurrent.fr' })) {
		tokens[who] = await server.tokenFor(email);
	}
	tokens.none = '';
	tokens.forged = issueCollabToken('not-the-secret', { sid: 'x', uid: claire.id });
	// A valid signature over a real user id, but a session that does not exist.
	tokens.noSession = issueCollabToken(server.config.sessionSecret, {
		sid: 'forged',
		uid: claire.id
	});
});

function initial(init: (doc: Y.Doc) => void): Uint8Array {
	const doc = new Y.Doc();
	init(doc);
	return Y.encodeStateAsUpdate(doc);
}

const ALLOWED: Record<string, string[]> = {
	claire: ['tasks', 'alterCe', 'dupont', 'overview', 'activity'],
	paul: ['tasks', 'alterCe', 'dupont', 'overview', 'activity'],
	sophie: ['alterCe'],
	jean: ['dupont'],
	eve: ['otherTasks', 'otherRequests', 'otherOverview', 'otherActivity'],
	none: [],
	forged: [],
	noSession: []
};
const DOC_KEYS = [
	'tasks',
	'overview',
	'otherOverview',
	'alterCe',
	'dupont',
	'otherTasks',
	'otherRequests',
	'foreignClientUnderOurFirm',
	'dotDot',
	'extraSegment',
	'trailingSlash',
	'requestsSuffix',
	'encoded',
	'unknownClient',
	'overviewSuffix',
	'clientOverview',
	'activity',
	'otherActivity',
	'clientActivity'
];
const CASES = Object.entries(ALLOWED).flatMap(([who, allowed]) =>
	DOC_KEYS.map((doc) => ({ who, doc, allowed: allowed.includes(doc) }))
);

describe('visibility matrix', () => {
	it.each(CASES)('$who × $doc → allowed: $allowed', async ({ who, doc, allowed }) => {
		const name = docs[doc]!;
		const client = await RawClient.open(server.url, server.origin);
		try {
			client.requestDocument(name, tokens[who]!);
			const result = await client.waitFor(isAuthResult(name));
			if (allowed) {
				expect(result.auth?.type).toBe(AuthMessageType.Authenticated);
				await client.waitFor((f) => f.documentName === name && f.type === MessageType.Sync);
				return;
			}
			expect(result.auth?.type).toBe(AuthMessageType.PermissionDenied);
			// Frames on one socket arrive in order: once a document this principal may open has
			// synced after the refusal, anything sent for the refused one would already be here.
			const fence = ALLOWED[who]![0];
			if (fence) {
				client.requestDocument(docs[fence]!, tokens[who]!);
				await client.waitFor((f) => f.documentName === docs[fence] && f.type === MessageType.Sync);
			}
			expect(client.framesFor(name).every((f) => f.type === MessageType.Auth)).toBe(true);
		} finally {
			client.close();
		}
	});

	it('refuses a WebSocket upgrade from a foreign Origin, or with none', async () => {
		await expect(RawClient.open(server.url, 'https://evil.example')).rejects.toMatchObject({
			status: 403
		});
		await expect(RawClient.open(server.url, null)).rejects.toMatchObject({ status: 403 });
	});

	it('refuses upgrades outside /collab', async () => {
		await expect(
			RawClient.open(server.url.replace('/collab', '/autre'), server.origin)
		).rejects.toThrow();
	});

	it('refuses a token once its session has ended', async () => {
		const token = await server.tokenFor(DEMO_ACCOUNTS.paul);
		const paul = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.paul))!;
		await server.navette.store.deleteUserSessions(paul.id);
		const client = await RawClient.open(server.url, server.origin);
		try {
			client.requestDocument(docs.tasks!, token);
			const result = await client.waitFor(isAuthResult(docs.tasks!));
			expect(result.auth).toEqual({
				type: AuthMessageType.PermissionDenied,
				reason: 'session-expired'
			});
		} finally {
			client.close();
		}
	});
});
