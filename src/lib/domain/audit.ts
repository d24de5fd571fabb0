/**
 * Every action the audit log records, as `area.verb`. Each state-changing action of a person (or
 * of the setup and the demo seed) writes exactly one of these, from the service that performs it.
 */
export const AUDIT_ACTIONS = [
	'firm.setup',
	'firm.seed',
	'auth.login',
	'auth.logout',
	'password.set',
	'client.create',
	'client.update',
	'client.archive',
	'client.restore',
	'client.import',
	'contact.add',
	'recurring.settings',
	'template.create',
	'template.update',
	'template.delete',
	'staff.invite',
	'staff.change-role',
	'invitation.send',
	'reset.send',
	'link.revoke',
	'signin-link.issue',
	'signin-link.use',
	'user.deactivate',
	'user.reactivate',
	'file.deposit',
	'file.move',
	'reminder.settings',
	'reminder.pause',
	'reminder.resume',
	'reminder.opt-out',
	'reminder.opt-in',
	'reminder.send',
	'bulk.send'
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditAction {
	return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}
