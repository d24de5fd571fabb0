import { describe, expect, it } from 'vitest';
import { bulkRequests, planBulkSend, validateBulkSend, type BulkClient } from './bulk-send.ts';
import { DEFAULT_TEMPLATES } from './default-templates.ts';
import type { Task } from './task.ts';

const client = (id: string, more: Partial<BulkClient> = {}): BulkClient => ({
	id,
	name: `Client ${id}`,
	managerId: 'paul',
	archivedAt: null,
	...more
});

const task = (id: string, more: Partial<Task>): Task => ({
	id,
	title: 'TVA 11/2026',
	clientId: 'a',
	assigneeId: 'paul',
	status: 'todo',
	dueDate: '2026-12-19',
	category: 'TVA',
	period: '2026-11',
	createdAt: '2026-12-01T08:00:00.000Z',
	createdBy: 'claire',
	updatedAt: '2026-12-01T08:00:00.000Z',
	...more
});

const SPEC = { title: 'TVA 11/2026', category: 'TVA' as const, period: '2026-11', dueDate: null };
const STAFF = new Set(['paul', 'claire']);

describe('planBulkSend', () => {
	it('gives a new task to a client without one of that title and period, assigned to its collaborator', () => {
		const plan = planBulkSend({ clientIds: ['a'], task: SPEC }, [client('a')], [], 'claire', STAFF);
		expect(plan.plans).toEqual([
			{
				client: client('a'),
				kind: 'new',
				task: { ...SPEC, clientId: 'a', assigneeId: 'paul', status: 'todo' }
			}
		]);
		expect(plan.skipped).toEqual([]);
	});

	it('reuses the existing task of the same title and period, whatever the case and accents', () => {
		const existing = task('t1', { title: ' tva 11/2026 ' });
		const plan = planBulkSend(
			{ clientIds: ['a'], task: SPEC },
			[client('a')],
			[existing],
			'claire',
			STAFF
		);
		expect(plan.plans).toEqual([{ client: client('a'), kind: 'existing', task: existing }]);
	});

	it('does not reuse a task of another period, another title or another client', () => {
		const tasks = [
			task('t1', { period: '2026-10' }),
			task('t2', { title: 'TVA 10/2026' }),
			task('t3', { clientId: 'b' })
		];
		const plan = planBulkSend(
			{ clientIds: ['a'], task: SPEC },
			[client('a'), client('b')],
			tasks,
			'claire',
			STAFF
		);
		expect(plan.plans.map((p) => p.kind)).toEqual(['new']);
	});

	it('prefers an open task to a finished one of the same title and period', () => {
		const done = task('t1', { status: 'done' });
		const open = task('t2', { status: 'in_progress', createdAt: '2026-12-02T08:00:00.000Z' });
		const plan = planBulkSend(
			{ clientIds: ['a'], task: SPEC },
			[client('a')],
			[done, open],
			'claire',
			STAFF
		);
		expect(plan.plans[0]).toMatchObject({ kind: 'existing', task: { id: 't2' } });
	});

	it('matches a task without period only to a submission without period', () => {
		const noPeriod = task('t1', { period: null });
		const spec = { ...SPEC, period: null };
		expect(
			planBulkSend({ clientIds: ['a'], task: spec }, [client('a')], [noPeriod], 'c', STAFF).plans[0]
				?.kind
		).toBe('existing');
		expect(
			planBulkSend({ clientIds: ['a'], task: SPEC }, [client('a')], [noPeriod], 'c', STAFF).plans[0]
				?.kind
		).toBe('new');
	});

	it('assigns to the sender a client without collaborator, or whose collaborator left', () => {
		const clients = [client('a', { managerId: null }), client('b', { managerId: 'gone' })];
		const plan = planBulkSend({ clientIds: ['a', 'b'], task: SPEC }, clients, [], 'claire', STAFF);
		expect(plan.plans.map((p) => p.kind === 'new' && p.task.assigneeId)).toEqual([
			'claire',
			'claire'
		]);
	});

	it('skips archived and unknown clients with the reason, and keeps the selection order', () => {
		const clients = [
			client('a'),
			client('b', { archivedAt: '2026-01-01T00:00:00.000Z' }),
			client('c')
		];
		const plan = planBulkSend(
			{ clientIds: ['c', 'b', 'x', 'a'], task: SPEC },
			clients,
			[],
			'claire',
			STAFF
		);
		expect(plan.plans.map((p) => p.client.id)).toEqual(['c', 'a']);
		expect(plan.skipped).toEqual([
			{ clientId: 'b', name: 'Client b', reason: 'archived' },
			{ clientId: 'x', name: '', reason: 'unknown' }
		]);
	});
});

describe('bulkRequests', () => {
	const tva = DEFAULT_TEMPLATES.find((t) => t.name === 'TVA')!;

	it('keeps the template index of each ticked item, so that ids stay stable across retries', () => {
		const target = { id: 't1', dueDate: '2026-12-19', period: '2026-11' };
		const requests = bulkRequests({ kind: 'template', template: tva, unticked: [0] }, target);
		expect(requests.map((r) => r.index)).toEqual(tva.items.map((_, i) => i).slice(1));
		expect(requests.every((r) => r.input.taskId === 't1')).toBe(true);
	});

	it('sends a single request as it was typed', () => {
		const content = {
			kind: 'request' as const,
			title: 'RIB',
			description: 'Le RIB',
			dueDate: '2026-12-10'
		};
		expect(bulkRequests(content, { id: 't1', dueDate: null, period: null })).toEqual([
			{
				index: 0,
				input: { taskId: 't1', title: 'RIB', description: 'Le RIB', dueDate: '2026-12-10' }
			}
		]);
	});
});

describe('validateBulkSend', () => {
	const base = {
		batchId: 'batch-1',
		clientIds: ['a', 'b', 'a', '../x'],
		task: { title: ' TVA 11/2026 ', category: 'TVA', period: '2026-11', dueDate: '2026-12-19' },
		kind: 'template',
		template: 'TVA',
		unticked: [1, 99]
	};

	it('accepts a template by name, dropping bad ids, duplicates and out-of-range unticked items', () => {
		const result = validateBulkSend(base, DEFAULT_TEMPLATES);
		expect(result.ok && result.value).toMatchObject({
			clientIds: ['a', 'b'],
			task: { title: 'TVA 11/2026', period: '2026-11' },
			content: { kind: 'template', unticked: [1] }
		});
	});

	it('refuses an unknown template, an empty selection, a missing batch id and a bad period', () => {
		const result = validateBulkSend(
			{
				...base,
				batchId: '',
				clientIds: [],
				template: 'Inventé',
				task: { title: 'T', period: '11/2026' }
			},
			DEFAULT_TEMPLATES
		);
		expect(result.ok ? {} : Object.keys(result.errors).sort()).toEqual(
			['clients', 'form', 'task.period', 'template'].sort()
		);
	});

	it('refuses a single request without title', () => {
		const result = validateBulkSend({ ...base, kind: 'request', request: { title: ' ' } }, []);
		expect(result.ok ? {} : result.errors).toHaveProperty('request.title');
	});
});
