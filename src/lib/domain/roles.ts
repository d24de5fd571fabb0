/** Firm administrators and collaborators are staff; client users belong to one client. */
const ROLES = ['admin', 'collaborator', 'client'] as const;

export type Role = (typeof ROLES)[number];

export function isStaff(role: Role): boolean {
	return role === 'admin' || role === 'collaborator';
}

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
