import { describe, expect, it } from 'vitest';
import {
	activityDocName,
	overviewDocName,
	parseDocName,
	requestsDocName,
	tasksDocName
} from './doc-names.ts';

describe('document names', () => {
	it('builds the three shapes', () => {
		expect(tasksDocName('f1')).toBe('firm/f1/tasks');
		expect(overviewDocName('f1')).toBe('firm/f1/overview');
		expect(requestsDocName('f1', 'c-2')).toBe('firm/f1/clients/c-2/requests');
	});

	it('refuses to build a name from an invalid id', () => {
		expect(() => tasksDocName('..')).toThrow(TypeError);
		expect(() => requestsDocName('f1', 'a/b')).toThrow(TypeError);
		expect(() => requestsDocName('', 'c')).toThrow(TypeError);
		expect(() => overviewDocName('a/b')).toThrow(TypeError);
		expect(() => overviewDocName('')).toThrow(TypeError);
	});

	it('parses what it builds', () => {
		const id = '0b6e7a3c-8f1d-4c2a-9e55-1f0d2c3b4a5e';
		expect(parseDocName(tasksDocName(id))).toEqual({ kind: 'tasks', firmId: id });
		expect(parseDocName(overviewDocName(id))).toEqual({ kind: 'overview', firmId: id });
		expect(parseDocName(activityDocName(id))).toEqual({ kind: 'activity', firmId: id });
		expect(parseDocName(requestsDocName('F_1', id))).toEqual({
			kind: 'requests',
			firmId: 'F_1',
			clientId: id
		});
		expect(parseDocName(`firm/${'a'.repeat(64)}/tasks`)).not.toBeNull();
	});

	const crafted = [
		'',
		'..',
		'.',
		'/',
		'firm',
		'firm/',
		'firm/a',
		'firm/a/',
		'firm/../tasks',
		'firm/./tasks',
		'firm/a/tasks/',
		'firm/a/tasks/x',
		'firm/a/tasks/..',
		'firm/a%2Fb/tasks',
		'firm/%61/tasks',
		'/firm/a/tasks',
		'//firm/a/tasks',
		'firm//tasks',
		'firm/a//tasks',
		'firm/a/Tasks',
		'FIRM/a/tasks',
		'firms/a/tasks',
		'firm/a/requests',
		'firm/a/clients/requests',
		'firm/a/clients//requests',
		'firm/a/clients/b/requests/..',
		'firm/a/clients/b/requests/',
		'firm/a/clients/b/tasks',
		'firm/a/clients/../requests',
		'firm/a/clients/b/c/requests',
		'firm/a/tasks/clients/b/requests',
		'firm/a b/tasks',
		' firm/a/tasks',
		'firm/a/tasks ',
		'firm/a/tasks\n',
		'firm/\ta/tasks',
		'firm/a\0/tasks',
		'firm/a\\b/tasks',
		'firm\\a\\tasks',
		'firm/a.b/tasks',
		'firm/é/tasks',
		'firm/ａ/tasks',
		'firm/a\u200b/tasks',
		'firm/😀/tasks',
		`firm/${'a'.repeat(65)}/tasks`,
		`firm/${'a'.repeat(64)}/clients/${'b'.repeat(64)}/requests/${'c'.repeat(80)}`,
		'firm/a/tasks?x=1',
		'firm/a/tasks#x',
		'firm/a:b/tasks',
		'firm/overview',
		'firm//overview',
		'firm/a/overview/',
		'firm/a/overview/x',
		'firm/a/overview/..',
		'firm/../overview',
		'firm/a/Overview',
		'firm/a/overviews',
		'firm/a/overview ',
		'firm/a%2Foverview',
		'firm/a/clients/b/overview',
		'firm/a/overview/clients/b/requests',
		'firm/a/activity/',
		'firm/a/activity/x',
		'firm/a/Activity',
		'firm/a/clients/b/activity'
	];

	it.each(crafted)('rejects %j', (name) => {
		expect(parseDocName(name)).toBeNull();
	});

	it('rejects names longer than 200 characters even when ids would pass', () => {
		const name = `firm/${'a'.repeat(64)}/clients/${'b'.repeat(64)}/requests`;
		expect(name.length).toBeLessThanOrEqual(200);
		expect(parseDocName(name)).not.toBeNull();
		expect(parseDocName(`${name}/${'x'.repeat(200)}`)).toBeNull();
		expect(parseDocName('firm/a/tasks'.padEnd(10_000, '/'))).toBeNull();
	});

	it.each([undefined, null, 42, {}, ['firm', 'a', 'tasks'], new String('firm/a/tasks')])(
		'rejects the non-string %j',
		(name) => {
			expect(parseDocName(name)).toBeNull();
		}
	);
});
