import { describe, expect, it } from 'vitest';
import type { Task } from '../domain/task.ts';
import { readSnapshot, SNAPSHOT_VERSION, toSnapshot } from './tasks-snapshot.ts';

const task: Task = {
	id: 't1',
	title: 'TVA 04/2019',
	clientId: 'c1',
	assigneeId: 'u1',
	status: 'todo',
	dueDate: '2019-05-19',
	category: 'TVA',
	period: '2019-04',
	createdAt: '2019-04-01T08:00:00.000Z',
	createdBy: 'u1',
	updatedAt: '2019-04-01T08:00:00.000Z'
};

describe('tasks snapshot', () => {
	it('keeps tasks and their progress, and reads them back', () => {
		const progress = { total: 8, todo: 5, inProgress: 0, toReview: 2, validated: 1 };
		const snapshot = toSnapshot([task], () => progress);
		const read = readSnapshot(structuredClone(snapshot));
		expect(read?.tasks).toEqual([task]);
		expect(read?.progress.get('t1')).toEqual(progress);
	});

	it('ignores a snapshot of another version or shape', () => {
		expect(readSnapshot(undefined)).toBeNull();
		expect(readSnapshot({ version: SNAPSHOT_VERSION + 1, tasks: [], progress: [] })).toBeNull();
		expect(readSnapshot({ version: SNAPSHOT_VERSION, tasks: 'x', progress: [] })).toBeNull();
	});
});
