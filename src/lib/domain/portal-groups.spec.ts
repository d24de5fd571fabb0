import { describe, expect, it } from 'vitest';
import { groupRequests, OTHER_REQUESTS, portalTasks, type PortalTask } from './portal-groups.ts';
import type { InfoRequest } from './request.ts';
import type { Task } from './task.ts';

const request = (id: string, taskId: string, extra: Partial<InfoRequest> = {}): InfoRequest => ({
	id,
	taskId,
	title: id,
	description: '',
	status: 'todo',
	dueDate: null,
	createdAt: '2026-01-01T00:00:00.000Z',
	createdBy: 'u',
	updatedAt: '2026-01-01T00:00:00.000Z',
	comments: [],
	documents: [],
	review: null,
	returnReason: null,
	reviewedBy: null,
	reviewedAt: null,
	...extra
});

const task = (id: string, clientId: string, title: string, dueDate: string | null): Task => ({
	id,
	title,
	clientId,
	assigneeId: 'staff',
	status: 'in_progress',
	dueDate,
	category: 'TVA',
	period: '2019-04',
	createdAt: '2026-01-01T00:00:00.000Z',
	createdBy: 'staff',
	updatedAt: '2026-01-01T00:00:00.000Z'
});

const summary = (groups: ReturnType<typeof groupRequests>) =>
	groups.map((g) => [g.title, g.requests.map((r) => r.id)]);

describe('portal tasks', () => {
	it('keeps only the client’s tasks, and of them only id, title and due date', () => {
		const tasks = [task('a', 'c1', 'TVA 04/2019', '2019-05-19'), task('b', 'c2', 'Bilan', null)];
		expect(portalTasks(tasks, 'c1')).toStrictEqual([
			{ id: 'a', title: 'TVA 04/2019', dueDate: '2019-05-19' }
		]);
		expect(portalTasks(tasks, 'c3')).toStrictEqual([]);
	});
});

describe('request groups', () => {
	const tva: PortalTask = { id: 'tva', title: 'TVA 04/2019', dueDate: '2019-05-19' };
	const prev: PortalTask = { id: 'prev', title: 'Prévisionnel', dueDate: '2019-06-30' };

	it('puts groups waiting for the client first, then the earliest due', () => {
		const requests = [
			request('p1', 'prev', { dueDate: '2019-06-30' }),
			request('t1', 'tva', { dueDate: '2019-05-19', status: 'done' }),
			request('p2', 'prev', { dueDate: '2019-06-01', status: 'in_progress' })
		];
		// TVA is due sooner but has nothing left to do.
		expect(summary(groupRequests(requests, [tva, prev]))).toStrictEqual([
			['Prévisionnel', ['p1', 'p2']],
			['TVA 04/2019', ['t1']]
		]);
		const both = [...requests, request('t2', 'tva', { dueDate: '2019-07-01' })];
		// Both wait: the earliest of what is left to do wins (Prévisionnel's 1 June).
		expect(summary(groupRequests(both, [tva, prev]))).toStrictEqual([
			['Prévisionnel', ['p1', 'p2']],
			['TVA 04/2019', ['t2', 't1']]
		]);
	});

	it('dates an undated request by its task', () => {
		const requests = [request('p1', 'prev'), request('t1', 'tva'), request('n1', 'gone')];
		expect(summary(groupRequests(requests, [prev, tva]))).toStrictEqual([
			['TVA 04/2019', ['t1']],
			['Prévisionnel', ['p1']],
			[OTHER_REQUESTS, ['n1']]
		]);
	});

	it('counts a validated request as done, even left « En cours »', () => {
		const requests = [
			request('t1', 'tva', { status: 'in_progress', review: 'validated', dueDate: '2019-05-01' }),
			request('p1', 'prev', { dueDate: '2019-06-30' })
		];
		const groups = groupRequests(requests, [tva, prev]);
		expect(groups.map((g) => [g.title, g.awaiting])).toStrictEqual([
			['Prévisionnel', true],
			['TVA 04/2019', false]
		]);
	});

	it('sorts open requests first within a group, then by due date', () => {
		const requests = [
			request('done', 'tva', { status: 'done', dueDate: '2019-01-01' }),
			request('late', 'tva', { dueDate: '2019-06-01' }),
			request('soon', 'tva', { dueDate: '2019-05-01' })
		];
		expect(summary(groupRequests(requests, [tva]))).toStrictEqual([
			['TVA 04/2019', ['soon', 'late', 'done']]
		]);
	});

	it('files requests of unknown tasks under « Autres demandes »', () => {
		const requests = [
			request('new1', 'unknown-1', { dueDate: '2019-05-01' }),
			request('t1', 'tva', { dueDate: '2019-05-19' }),
			request('new2', 'unknown-2', { status: 'done' })
		];
		expect(summary(groupRequests(requests, [tva]))).toStrictEqual([
			[OTHER_REQUESTS, ['new1', 'new2']],
			['TVA 04/2019', ['t1']]
		]);
		expect(summary(groupRequests(requests, []))).toStrictEqual([
			[OTHER_REQUESTS, ['new1', 't1', 'new2']]
		]);
	});

	it('filters within groups without reordering them, and hides an empty group', () => {
		const requests = [
			request('p1', 'prev', { dueDate: '2019-06-30' }),
			request('t1', 'tva', { dueDate: '2019-05-19' }),
			request('t2', 'tva', { status: 'done' })
		];
		expect(
			summary(groupRequests(requests, [tva, prev], (r) => r.id !== 'p1' && r.id !== 't1'))
		).toStrictEqual([['TVA 04/2019', ['t2']]]);
		expect(summary(groupRequests(requests, [tva, prev], (r) => r.id !== 't1'))).toStrictEqual([
			['TVA 04/2019', ['t2']],
			['Prévisionnel', ['p1']]
		]);
		expect(groupRequests(requests, [tva, prev], () => false)).toStrictEqual([]);
	});
});
