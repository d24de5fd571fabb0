import { describe, expect, it } from 'vitest';
import { redirectFor, safeRedirect } from './route-guard.ts';
import type { SessionUser } from './sessions.ts';

const user = (role: SessionUser['role']): SessionUser => ({
	id: 'u',
	firmId: 'f',
	name: 'N',
	email: 'n@x.fr',
	role,
	clientId: role === 'client' ? 'c' : null,
	sessionId: 's'
});

describe('redirectFor', () => {
	it('sends anonymous visitors of private areas to the login, remembering where they went', () => {
		expect(redirectFor('/cabinet/taches', null)).toBe('/login?redirect=%2Fcabinet%2Ftaches');
		expect(redirectFor('/portail', null)).toBe('/login?redirect=%2Fportail');
		expect(redirectFor('/login', null)).toBeNull();
		expect(redirectFor('/cabinetx', null)).toBeNull();
	});

	it('keeps client users out of the firm area and staff out of the portal', () => {
		expect(redirectFor('/cabinet/taches', user('client'))).toBe('/portail');
		expect(redirectFor('/cabinet', user('client'))).toBe('/portail');
		expect(redirectFor('/portail', user('admin'))).toBe('/cabinet/taches');
		expect(redirectFor('/cabinet/taches', user('collaborator'))).toBeNull();
		expect(redirectFor('/portail/x', user('client'))).toBeNull();
	});
});

describe('safeRedirect', () => {
	it('follows only local paths the user may open', () => {
		expect(safeRedirect('/cabinet/taches', user('admin'))).toBe('/cabinet/taches');
		expect(safeRedirect('//evil.example/x', user('admin'))).toBe('/cabinet/taches');
		expect(safeRedirect('https://evil.example', user('admin'))).toBe('/cabinet/taches');
		expect(safeRedirect('/\\evil.example', user('admin'))).toBe('/cabinet/taches');
		expect(safeRedirect('/cabinet/taches', user('client'))).toBe('/portail');
		expect(safeRedirect(null, user('client'))).toBe('/portail');
	});
});
