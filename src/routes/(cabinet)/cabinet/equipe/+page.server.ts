import { fail } from '@sveltejs/kit';
import { isStaff } from '$lib/domain/roles';
import { adminOnly } from '$lib/server/access';
import { textFields } from '$lib/server/actions';
import { memberRow } from '$lib/server/admin/members';
import {
	changeStaffRole,
	inviteStaff,
	revokeStaffLinks,
	sendStaffLink,
	setStaffActive
} from '$lib/server/admin/team';

/** The firm's staff, for its administrators only. */
export async function load({ locals }) {
	const user = adminOnly(locals.user);
	const { store } = locals.runtime;
	const users = await store.listUsers(user.firmId);
	return {
		me: user.id,
		staff: await Promise.all(users.filter((u) => isStaff(u.role)).map((u) => memberRow(store, u)))
	};
}

/** The member a form names. */
async function userIdOf(request: Request): Promise<FormDataEntryValue | null> {
	return (await request.formData()).get('userId');
}

export const actions = {
	invite: async ({ locals, request }) => {
		const form = await request.formData();
		const result = await inviteStaff(locals.runtime, locals.user, {
			name: form.get('name'),
			email: form.get('email'),
			role: form.get('role')
		});
		if (!result.ok) return fail(400, { values: textFields(form), errors: result.errors });
		return { purpose: 'invite' as const, delivery: result.delivery };
	},
	/** Its invitation again to someone without a password yet, a password reset to the others. */
	sendLink: async ({ locals, request }) => {
		const result = await sendStaffLink(locals.runtime, locals.user, await userIdOf(request));
		if (!result.ok) return fail(400, { message: result.message });
		return { purpose: result.purpose, delivery: result.delivery };
	},
	revoke: async ({ locals, request }) => {
		const result = await revokeStaffLinks(locals.runtime, locals.user, await userIdOf(request));
		if (!result.ok) return fail(400, { message: result.message });
		return { revoked: result.id };
	},
	setRole: async ({ locals, request }) => {
		const form = await request.formData();
		const result = await changeStaffRole(
			locals.runtime,
			locals.user,
			form.get('userId'),
			form.get('role')
		);
		if (!result.ok) return fail(400, { message: result.message });
		return { roleChanged: result.id };
	},
	deactivate: async ({ locals, request }) => {
		const result = await setStaffActive(
			locals.runtime,
			locals.user,
			await userIdOf(request),
			false
		);
		if (!result.ok) return fail(400, { message: result.message });
		return { deactivated: result.id };
	},
	reactivate: async ({ locals, request }) => {
		const result = await setStaffActive(locals.runtime, locals.user, await userIdOf(request), true);
		if (!result.ok) return fail(400, { message: result.message });
		return { reactivated: result.id };
	}
};
