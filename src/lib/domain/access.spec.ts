import { describe, expect, it } from 'vitest';
import { isReadOnlyFor, mayOpenDocument, type Principal } from './access.ts';

const staff: Principal = { role: 'collaborator', firmId: 'f1', clientId: null };
const admin: Principal = { role: 'admin', firmId: 'f1', clientId: null };
const client: Principal = { role: 'client', firmId: 'f1', clientId: 'c1' };

describe('mayOpenDocument', () => {
	it('lets staff open every document of their own firm only', () => {
		for (const p of [staff, admin]) {
			expect(mayOpenDocument(p, { kind: 'tasks', firmId: 'f1' })).toBe(true);
			expect(mayOpenDocument(p, { kind: 'requests', firmId: 'f1', clientId: 'c9' })).toBe(true);
			expect(mayOpenDocument(p, { kind: 'tasks', firmId: 'f2' })).toBe(false);
			expect(mayOpenDocument(p, { kind: 'requests', firmId: 'f2', clientId: 'c1' })).toBe(false);
		}
	});

	it('lets a client user open its own requests and nothing else', () => {
		expect(mayOpenDocument(client, { kind: 'requests', firmId: 'f1', clientId: 'c1' })).toBe(true);
		expect(mayOpenDocument(client, { kind: 'requests', firmId: 'f1', clientId: 'c2' })).toBe(false);
		expect(mayOpenDocument(client, { kind: 'tasks', firmId: 'f1' })).toBe(false);
		expect(mayOpenDocument(client, { kind: 'requests', firmId: 'f2', clientId: 'c1' })).toBe(false);
		const orphan: Principal = { role: 'client', firmId: 'f1', clientId: null };
		expect(mayOpenDocument(orphan, { kind: 'tasks', firmId: 'f1' })).toBe(false);
	});
});

describe('the overview', () => {
	it('is for the firm’s staff only, read-only', () => {
		const ref = { kind: 'overview', firmId: 'f1' } as const;
		expect(mayOpenDocument(staff, ref)).toBe(true);
		expect(mayOpenDocument(admin, ref)).toBe(true);
		expect(mayOpenDocument(client, ref)).toBe(false);
		expect(mayOpenDocument(staff, { kind: 'overview', firmId: 'f2' })).toBe(false);
		expect(mayOpenDocument({ ...client, clientId: null }, ref)).toBe(false);
	});

	it('is read-only for everyone; the other documents are not', () => {
		const ref = { kind: 'overview', firmId: 'f1' } as const;
		for (const p of [staff, admin, client]) expect(isReadOnlyFor(p, ref)).toBe(true);
		expect(isReadOnlyFor(staff, { kind: 'tasks', firmId: 'f1' })).toBe(false);
		expect(isReadOnlyFor(client, { kind: 'requests', firmId: 'f1', clientId: 'c1' })).toBe(false);
	});
});

describe('the activity document', () => {
	it('is for the firm’s staff only, read-only for everyone', () => {
		const ref = { kind: 'activity', firmId: 'f1' } as const;
		expect(mayOpenDocument(staff, ref)).toBe(true);
		expect(mayOpenDocument(admin, ref)).toBe(true);
		expect(mayOpenDocument(client, ref)).toBe(false);
		expect(mayOpenDocument(staff, { kind: 'activity', firmId: 'f2' })).toBe(false);
		for (const p of [staff, admin, client]) expect(isReadOnlyFor(p, ref)).toBe(true);
	});
});
