import { describe, expect, it } from 'vitest';
import { parseTask, validateTaskInput, validateTaskPatch, type Task } from './task.ts';

const valid = { title: '  TVA de mars  ', clientId: 'c1', assigneeId: 'u1' };

function errorsOf(result: ReturnType<typeof validateTaskInput | typeof validateTaskPatch>) {
	return result.ok ? {} : result.errors;
}

describe('validateTaskInput', () => {
	it('normalises a minimal input', () => {
		expect(validateTaskInput(valid)).toEqual({
			ok: true,
			value: {
				title: 'TVA de mars',
				clientId: 'c1',
				assigneeId: 'u1',
				status: 'todo',
				dueDate: null,
				category: null,
				period: null
			}
		});
	});

	it('keeps optional fields and turns blanks into null', () => {
		const result = validateTaskInput({
			...valid,
			status: 'in_progress',
			dueDate: '2024-02-29',
			category: 'Prévisionnel',
			period: ' 2024-03 ',
			extra: 'dropped'
		});
		expect(result).toMatchObject({
			ok: true,
			value: {
				status: 'in_progress',
				dueDate: '2024-02-29',
				category: 'Prévisionnel',
				period: '2024-03'
			}
		});
		expect(result.ok && 'extra' in result.value).toBe(false);
		expect(validateTaskInput({ ...valid, dueDate: '', category: ' ', period: null })).toMatchObject(
			{
				ok: true,
				value: { dueDate: null, category: null, period: null }
			}
		);
	});

	it('reports every invalid field with a French message', () => {
		expect(
			errorsOf(validateTaskInput({ title: '   ', dueDate: '2023-02-29', period: '2024-13' }))
		).toEqual({
			title: 'Indiquez un intitulé.',
			clientId: 'Choisissez un client.',
			assigneeId: 'Choisissez un collaborateur.',
			dueDate: 'Date invalide.',
			period: 'Période invalide (AAAA-MM ou AAAA).'
		});
		expect(errorsOf(validateTaskInput({ ...valid, status: 'archived', category: 'tva' }))).toEqual({
			status: 'Statut invalide.',
			category: 'Catégorie invalide.'
		});
		expect(errorsOf(validateTaskInput({ ...valid, clientId: '../x', dueDate: 20240101 }))).toEqual({
			clientId: 'Choisissez un client.',
			dueDate: 'Date invalide.'
		});
	});

	it('limits the title to 200 characters, counted after trimming', () => {
		expect(validateTaskInput({ ...valid, title: ` ${'é'.repeat(200)} ` }).ok).toBe(true);
		expect(validateTaskInput({ ...valid, title: '😀'.repeat(200) }).ok).toBe(true);
		expect(errorsOf(validateTaskInput({ ...valid, title: 'a'.repeat(201) }))).toEqual({
			title: 'L’intitulé ne doit pas dépasser 200 caractères.'
		});
	});

	it.each(['2024-1-01', '24-01-01', '2024-02-30', '2024-00-10', '2024-01-01T00:00:00Z', 'demain'])(
		'rejects the date %s',
		(dueDate) => {
			expect(errorsOf(validateTaskInput({ ...valid, dueDate }))).toEqual({
				dueDate: 'Date invalide.'
			});
		}
	);

	it.each(['2024', '2024-01', '2024-12'])('accepts the period %s', (period) => {
		expect(validateTaskInput({ ...valid, period }).ok).toBe(true);
	});

	it.each(['24', '2024-1', '2024-00', '2024-01-01', 'T1 2024'])(
		'rejects the period %s',
		(period) => {
			expect(validateTaskInput({ ...valid, period }).ok).toBe(false);
		}
	);

	it.each([null, undefined, 'title', 3, []])('rejects the non-object %j', (input) => {
		expect(validateTaskInput(input)).toEqual({ ok: false, errors: { form: 'Données invalides.' } });
	});
});

describe('validateTaskPatch', () => {
	it('returns only the fields given', () => {
		expect(validateTaskPatch({ status: 'done', id: 'x', createdAt: 'y' })).toEqual({
			ok: true,
			value: { status: 'done' }
		});
		expect(validateTaskPatch({})).toEqual({ ok: true, value: {} });
		expect(validateTaskPatch({ dueDate: '' })).toEqual({ ok: true, value: { dueDate: null } });
	});

	it('refuses to blank required fields', () => {
		expect(errorsOf(validateTaskPatch({ title: '', clientId: null, status: null }))).toEqual({
			title: 'Indiquez un intitulé.',
			clientId: 'Choisissez un client.',
			status: 'Statut invalide.'
		});
	});
});

describe('parseTask', () => {
	const stored: Task = {
		id: 't1',
		title: 'Bilan 2024',
		clientId: 'c1',
		assigneeId: 'u1',
		status: 'done',
		dueDate: null,
		category: 'Bilan',
		period: '2024',
		createdAt: '2025-01-02T03:04:05.678Z',
		createdBy: 'u2',
		updatedAt: '2025-01-02T03:04:05.678Z'
	};

	it('rebuilds a stored task, absent optional fields reading as null', () => {
		expect(parseTask(stored)).toEqual(stored);
		const { dueDate: _d, category: _c, period: _p, ...bare } = stored;
		expect(parseTask(bare)).toEqual({ ...stored, category: null, period: null });
	});

	it.each([
		['id', '../t'],
		['status', undefined],
		['status', 'closed'],
		['createdAt', '2025-01-02'],
		['updatedAt', 12],
		['createdBy', ''],
		['title', ''],
		['clientId', undefined],
		['period', '2024-1']
	])('rejects a task whose %s is %j', (key, value) => {
		expect(parseTask({ ...stored, [key]: value })).toBeNull();
	});

	it('rejects non-objects', () => {
		expect(parseTask(null)).toBeNull();
		expect(parseTask([stored])).toBeNull();
	});
});
