import { fail } from '@sveltejs/kit';
import type { LinkPurpose } from '$lib/domain/invitations';
import { isStaff } from '$lib/domain/roles';
import { adminOnly, textFields } from '$lib/server/actions';
import { deliverLink } from '$lib/server/admin/deliver-link';
import { addMember, memberRow } from '$lib/server/admin/members';
import { changeRole, deactivateStaff, isStaffRole, staffMember } from '$lib/server/admin/staff';
import { reactivateUser } from '$lib/server/admin/users';
import { runtime } from '$lib/server/runtime';
import { hasPassword } from '$lib/server/store/store-rules';

/** The firm's staff, for its administrators only. */
export async function load({ locals }) {
	const user = adminOnly(locals.user);
	const { store } = runtime();
	const users = await store.listUsers(user.firmId);
	return {
		me: user.id,
		staff: await Promise.all(users.filter((u) => isStaff(u.role)).map((u) => memberRow(store, u)))
	};
}

const UNKNOWN = { message: 'Membre de l’équipe introuvable.' };

export const actions = {
	invite: async ({ locals, request }) => {
		const user = adminOnly(locals.user);
		const form = await request.formData();
		const role = form.get('role');
		if (!isStaffRole(role)) {
			return fail(400, { values: textFields(form), errors: { role: 'Choisissez un rôle.' } });
		}
		const rt = runtime();
		const added = await addMember(rt.store, {
			firmId: user.firmId,
			role,
			clientId: null,
			name: form.get('name'),
			email: form.get('email')
		});
		if (!added.ok) return fail(400, { values: textFields(form), errors: added.errors });
		const delivery = await deliverLink(rt, { user: added.user, purpose: 'invite', by: user.id });
		return { purpose: 'invite' as LinkPurpose, delivery };
	},
	/** Its invitation again to someone without a password yet, a password reset to the others. */
	sendLink: async ({ locals, request }) => {
		const user = adminOnly(locals.user);
		const rt = runtime();
		const member = await staffMember(rt, user.firmId, (await request.formData()).get('userId'));
		if (!member) return fail(400, UNKNOWN);
		if (member.disabledAt) return fail(400, { message: 'Ce membre est désactivé.' });
		const purpose: LinkPurpose = hasPassword(member) ? 'reset' : 'invite';
		return { purpose, delivery: await deliverLink(rt, { user: member, purpose, by: user.id }) };
	},
	revoke: async ({ locals, request }) => {
		const user = adminOnly(locals.user);
		const rt = runtime();
		const member = await staffMember(rt, user.firmId, (await request.formData()).get('userId'));
		if (!member) return fail(400, UNKNOWN);
		await rt.store.revokeLinks(member.id);
		return { revoked: member.id };
	},
	setRole: async ({ locals, request }) => {
		const user = adminOnly(locals.user);
		const rt = runtime();
		const form = await request.formData();
		const member = await staffMember(rt, user.firmId, form.get('userId'));
		if (!member) return fail(400, UNKNOWN);
		const role = form.get('role');
		if (!isStaffRole(role)) return fail(400, { message: 'Rôle inconnu.' });
		const refusal = await changeRole(rt, user, member, role);
		return refusal ? fail(400, { message: refusal }) : { roleChanged: member.id };
	},
	deactivate: async ({ locals, request }) => {
		const user = adminOnly(locals.user);
		const rt = runtime();
		const member = await staffMember(rt, user.firmId, (await request.formData()).get('userId'));
		if (!member) return fail(400, UNKNOWN);
		const refusal = await deactivateStaff(rt, user, member);
		return refusal ? fail(400, { message: refusal }) : { deactivated: member.id };
	},
	reactivate: async ({ locals, request }) => {
		const user = adminOnly(locals.user);
		const rt = runtime();
		const member = await staffMember(rt, user.firmId, (await request.formData()).get('userId'));
		if (!member) return fail(400, UNKNOWN);
		await reactivateUser(rt, { firmId: user.firmId, userId: member.id, by: user.id });
		return { reactivated: member.id };
	}
};
