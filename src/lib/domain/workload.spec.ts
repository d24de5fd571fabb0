import { describe, expect, it } from 'vitest';
import type { RequestSummary } from './overview.ts';
import { filtersToSearchParams } from './task-filters.ts';
import type { Task } from './task.ts';
import { workload, type WorkloadNames } from './workload.ts';

const AT = '2026-11-20T09:00:00.000Z';
const TODAY = '2026-12-01';
const names: WorkloadNames = {
	client: (id) => ({ c_alter: 'Alter Ce', c_dupont: 'Dupont Maçonnerie', c_zen: 'Zen' })[id] ?? id,
	staff: (id) => ({ u_paul: 'Paul', u_lea: 'Léa', u_marc: 'Marc' })[id] ?? id
};
let next = 0;
const task = (clientId: string, assigneeId: string, patch: Partial<Task> = {}): Task => ({
	id: `t_${next++}`,
	title: 'Tâche',
	clientId,
	assigneeId,
	status: 'todo',
	dueDate: null,
	category: null,
	period: null,
	createdAt: AT,
	createdBy: assigneeId,
	updatedAt: AT,
	...patch
});
const request = (t: Task, patch: Partial<RequestSummary> = {}): RequestSummary => ({
	id: `r_${next++}`,
	clientId: t.clientId,
	taskId: t.id,
	title: 'Demande',
	status: 'todo',
	dueDate: null,
	updatedAt: AT,
	commentCount: 0,
	documentCount: 0,
	text: '',
	review: null,
	returnReason: null,
	...patch
});

describe('workload', () => {
	const paulAlter = task('c_alter', 'u_paul', { dueDate: '2026-11-30' });
	const paulDupont = task('c_dupont', 'u_paul');
	const leaDupont = task('c_dupont', 'u_lea', { status: 'in_progress', dueDate: TODAY });
	const leaDone = task('c_zen', 'u_lea', { status: 'done', dueDate: '2026-01-01' });
	const tasks = [paulAlter, paulDupont, leaDupont, leaDone];
	const requests = [
		request(leaDupont, { dueDate: '2026-11-30' }),
		request(leaDupont, { dueDate: '2026-11-02', status: 'in_progress' }),
		// Done, due today, or without a due date: not late.
		request(leaDupont, { dueDate: '2026-11-02', status: 'done' }),
		request(paulAlter, { dueDate: TODAY }),
		request(paulAlter),
		// A request on a done task is still late for its client and collaborator.
		request(leaDone, { dueDate: '2026-10-01' })
	];
	const result = workload(tasks, requests, names, TODAY, ['u_paul', 'u_lea', 'u_marc']);
	const counts = (bars: typeof result.byClient) =>
		bars.map((b) => [b.label, b.openTasks, b.overdueTasks, b.lateRequests]);

	it('counts per collaborator, worst first, the idle ones included at zero', () => {
		expect(counts(result.byCollaborator)).toEqual([
			['Léa', 1, 0, 3],
			['Paul', 2, 1, 0],
			['Marc', 0, 0, 0]
		]);
	});

	it('counts per client, worst first, leaving out those with nothing open', () => {
		expect(counts(result.byClient)).toEqual([
			['Dupont Maçonnerie', 2, 0, 2],
			['Zen', 0, 0, 1],
			['Alter Ce', 1, 1, 0]
		]);
	});

	it('links each bar to the open tasks of its collaborator or client', () => {
		const paul = result.byCollaborator.find((b) => b.id === 'u_paul')!;
		expect(filtersToSearchParams(paul.filters).toString()).toBe(
			new URLSearchParams([
				['assignee', 'u_paul'],
				['status', 'todo'],
				['status', 'in_progress']
			]).toString()
		);
		expect(result.byClient[0]!.filters).toMatchObject({ clients: ['c_dupont'], assignees: [] });
	});

	it('gives both charts one scale', () => {
		expect(result.scale).toEqual({ openTasks: 2, lateRequests: 3 });
		expect(workload([], [], names, TODAY).scale).toEqual({ openTasks: 1, lateRequests: 1 });
	});

	it('breaks ties by name, in French order', () => {
		const ties = workload([task('c_zen', 'u_marc'), task('c_alter', 'u_lea')], [], names, TODAY);
		expect(ties.byCollaborator.map((b) => b.label)).toEqual(['Léa', 'Marc']);
		expect(ties.byClient.map((b) => b.label)).toEqual(['Alter Ce', 'Zen']);
	});
});
