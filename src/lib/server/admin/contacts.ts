import type { Delivery, LinkPurpose } from '../../domain/invitations.ts';
import { staffOnly } from '../access.ts';
import { audit } from '../audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import type { User } from '../store/Store.ts';
import { hasPassword } from '../store/store-rules.ts';
import { firmClient } from './clients.ts';
import { deliverLink } from './deliver-link.ts';
import { addMember, type AddMemberResult } from './members.ts';
import { deactivateUser, reactivateUser, revokeUserLinks } from './users.ts';

// A client's contacts (its portal users), managed by any staff member of the firm. Each function
// answers a 403 to non-staff and a 404 for a client that is not the firm's; a contact that is not
// the client's comes back as `{ ok: false }` with the message to show.

type Rt = Pick<Runtime, 'store' | 'origin' | 'mailer' | 'closeUserConnections'>;

export type ContactResult<T = object> = ({ ok: true } & T) | { ok: false; message: string };

const UNKNOWN = { ok: false, message: 'Contact introuvable.' } as const;

async function contactOf(
	rt: Rt,
	by: SessionUser | null,
	clientId: string,
	userId: unknown
): Promise<{ user: SessionUser; contact: User | null }> {
	const user = staffOnly(by);
	const client = await firmClient(rt, user, clientId);
	const contact = typeof userId === 'string' ? await rt.store.getUser(userId) : null;
	return { user, contact: contact?.clientId === client.id ? contact : null };
}

/** A new contact, without a password until it accepts the invitation sent next. */
export async function addContact(
	rt: Rt,
	by: SessionUser | null,
	clientId: string,
	input: { name: unknown; email: unknown }
): Promise<AddMemberResult> {
	const user = staffOnly(by);
	const client = await firmClient(rt, user, clientId);
	const added = await addMember(rt.store, {
		firmId: user.firmId,
		role: 'client',
		clientId: client.id,
		...input
	});
	if (added.ok) await audit(rt.store, user, 'contact.add', added.user.id, client.id);
	return added;
}

/** An invitation to a contact without a password yet, a password reset to the others. */
export async function sendContactLink(
	rt: Rt,
	by: SessionUser | null,
	clientId: string,
	userId: unknown
): Promise<ContactResult<{ purpose: LinkPurpose; delivery: Delivery }>> {
	const { user, contact } = await contactOf(rt, by, clientId, userId);
	if (!contact) return UNKNOWN;
	if (contact.disabledAt) return { ok: false, message: 'Ce contact est désactivé.' };
	const purpose: LinkPurpose = hasPassword(contact) ? 'reset' : 'invite';
	const delivery = await deliverLink(rt, { user: contact, purpose, by: user.id });
	return { ok: true, purpose, delivery };
}

/** Revokes the contact's pending invitation or reset link and its reminders' sign-in links. */
export async function revokeContactLinks(
	rt: Rt,
	by: SessionUser | null,
	clientId: string,
	userId: unknown
): Promise<ContactResult<{ id: string }>> {
	const { user, contact } = await contactOf(rt, by, clientId, userId);
	if (!contact) return UNKNOWN;
	await revokeUserLinks(rt, { firmId: user.firmId, userId: contact.id, by: user.id });
	return { ok: true, id: contact.id };
}

/** Deactivates (or reactivates) the contact: see {@link deactivateUser}. */
export async function setContactActive(
	rt: Rt,
	by: SessionUser | null,
	clientId: string,
	userId: unknown,
	active: boolean
): Promise<ContactResult<{ id: string }>> {
	const { user, contact } = await contactOf(rt, by, clientId, userId);
	if (!contact) return UNKNOWN;
	const change = { firmId: user.firmId, userId: contact.id, by: user.id };
	await (active ? reactivateUser(rt, change) : deactivateUser(rt, change));
	return { ok: true, id: contact.id };
}
