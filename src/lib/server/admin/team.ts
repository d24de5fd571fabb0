import type { Delivery, LinkPurpose } from '../../domain/invitations.ts';
import { isStaff } from '../../domain/roles.ts';
import { adminOnly } from '../access.ts';
import { audit } from '../audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import type { User } from '../store/Store.ts';
import { hasPassword } from '../store/store-rules.ts';
import { deliverLink } from './deliver-link.ts';
import { addMember } from './members.ts';
import { deactivateUser, reactivateUser, revokeUserLinks } from './users.ts';

// The firm's staff, managed by its administrators only: each function answers a 403 to anyone
// else; a member that is not the firm's staff comes back as `{ ok: false }` with the message.

type Rt = Pick<Runtime, 'store' | 'origin' | 'mailer' | 'closeUserConnections'>;

export type StaffRole = 'admin' | 'collaborator';

export function isStaffRole(value: unknown): value is StaffRole {
	return value === 'admin' || value === 'collaborator';
}

export type TeamResult<T = object> = ({ ok: true } & T) | { ok: false; message: string };

const UNKNOWN = { ok: false, message: 'Membre de l’équipe introuvable.' } as const;

const SELF_CHANGE =
	'Vous ne pouvez pas modifier votre propre rôle ni vous désactiver : demandez-le à un autre administrateur.';

async function memberOf(
	rt: Rt,
	by: SessionUser | null,
	id: unknown
): Promise<{ admin: SessionUser; member: User | null }> {
	const admin = adminOnly(by);
	const user = typeof id === 'string' ? await rt.store.getUser(id) : null;
	const member = user && user.firmId === admin.firmId && isStaff(user.role) ? user : null;
	return { admin, member };
}

/** A new staff member with that role, invited at once (the link is e-mailed or shown). */
export async function inviteStaff(
	rt: Rt,
	by: SessionUser | null,
	input: { name: unknown; email: unknown; role: unknown }
): Promise<{ ok: true; delivery: Delivery } | { ok: false; errors: Record<string, string> }> {
	const admin = adminOnly(by);
	if (!isStaffRole(input.role)) return { ok: false, errors: { role: 'Choisissez un rôle.' } };
	const added = await addMember(rt.store, {
		firmId: admin.firmId,
		role: input.role,
		clientId: null,
		name: input.name,
		email: input.email
	});
	if (!added.ok) return added;
	await audit(rt.store, admin, 'staff.invite', added.user.id, input.role);
	const delivery = await deliverLink(rt, { user: added.user, purpose: 'invite', by: admin.id });
	return { ok: true, delivery };
}

/** Its invitation again to someone without a password yet, a password reset to the others. */
export async function sendStaffLink(
	rt: Rt,
	by: SessionUser | null,
	userId: unknown
): Promise<TeamResult<{ purpose: LinkPurpose; delivery: Delivery }>> {
	const { admin, member } = await memberOf(rt, by, userId);
	if (!member) return UNKNOWN;
	if (member.disabledAt) return { ok: false, message: 'Ce membre est désactivé.' };
	const purpose: LinkPurpose = hasPassword(member) ? 'reset' : 'invite';
	return {
		ok: true,
		purpose,
		delivery: await deliverLink(rt, { user: member, purpose, by: admin.id })
	};
}

export async function revokeStaffLinks(
	rt: Rt,
	by: SessionUser | null,
	userId: unknown
): Promise<TeamResult<{ id: string }>> {
	const { admin, member } = await memberOf(rt, by, userId);
	if (!member) return UNKNOWN;
	await revokeUserLinks(rt, { firmId: admin.firmId, userId: member.id, by: admin.id });
	return { ok: true, id: member.id };
}

/**
 * Changes a member's role. An administrator never changes its own role nor deactivates itself:
 * the firm always keeps the administrator doing the change, so it is never left without one.
 */
export async function changeStaffRole(
	rt: Rt,
	by: SessionUser | null,
	userId: unknown,
	role: unknown
): Promise<TeamResult<{ id: string }>> {
	const { admin, member } = await memberOf(rt, by, userId);
	if (!member) return UNKNOWN;
	if (!isStaffRole(role)) return { ok: false, message: 'Rôle inconnu.' };
	if (member.id === admin.id) return { ok: false, message: SELF_CHANGE };
	await rt.store.setStaffRole(member.id, role);
	await audit(rt.store, admin, 'staff.change-role', member.id, role);
	return { ok: true, id: member.id };
}

/** Deactivates (or reactivates) a member: see {@link deactivateUser}; never oneself. */
export async function setStaffActive(
	rt: Rt,
	by: SessionUser | null,
	userId: unknown,
	active: boolean
): Promise<TeamResult<{ id: string }>> {
	const { admin, member } = await memberOf(rt, by, userId);
	if (!member) return UNKNOWN;
	const change = { firmId: admin.firmId, userId: member.id, by: admin.id };
	if (active) {
		await reactivateUser(rt, change);
	} else {
		if (member.id === admin.id) return { ok: false, message: SELF_CHANGE };
		await deactivateUser(rt, change);
	}
	return { ok: true, id: member.id };
}
