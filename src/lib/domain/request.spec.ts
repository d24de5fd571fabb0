import { describe, expect, it } from 'vitest';
import { parseComment } from './attachments.ts';
import {
	parseRequest,
	validateCommentBody,
	validateDocumentRef,
	validateRequestInput,
	validateRequestPatch,
	type InfoRequest
} from './request.ts';

const at = '2025-03-01T10:00:00.000Z';

describe('validateRequestInput', () => {
	it('trims and normalises', () => {
		expect(
			validateRequestInput({ taskId: 't1', title: ' Relevés de banque ', description: '  Mars  ' })
		).toEqual({
			ok: true,
			value: { taskId: 't1', title: 'Relevés de banque', description: 'Mars', dueDate: null }
		});
		expect(validateRequestInput({ taskId: 't1', title: 'x', dueDate: '2025-04-30' })).toMatchObject(
			{
				ok: true,
				value: { description: '', dueDate: '2025-04-30' }
			}
		);
	});

	it('reports invalid fields in French', () => {
		expect(
			validateRequestInput({ title: '', description: 'x'.repeat(5001), dueDate: '2025-04-31' })
		).toEqual({
			ok: false,
			errors: {
				taskId: 'Choisissez une tâche.',
				title: 'Indiquez un intitulé.',
				description: 'La description ne doit pas dépasser 5000 caractères.',
				dueDate: 'Date invalide.'
			}
		});
		expect(validateRequestInput({ taskId: 't1', title: 'x', description: 5 })).toEqual({
			ok: false,
			errors: { description: 'Description invalide.' }
		});
	});
});

describe('validateRequestPatch', () => {
	it('checks only what is given, status included', () => {
		expect(validateRequestPatch({ status: 'in_progress', comments: [] })).toEqual({
			ok: true,
			value: { status: 'in_progress' }
		});
		expect(validateRequestPatch({ status: 'closed', title: ' ' })).toEqual({
			ok: false,
			errors: { status: 'Statut invalide.', title: 'Indiquez un intitulé.' }
		});
	});
});

describe('validateCommentBody', () => {
	it('trims and bounds the body', () => {
		expect(validateCommentBody('  Bonjour  ')).toEqual({ ok: true, value: 'Bonjour' });
		expect(validateCommentBody('x'.repeat(5000)).ok).toBe(true);
		expect(validateCommentBody(' \n ')).toEqual({
			ok: false,
			errors: { body: 'Écrivez un message.' }
		});
		expect(validateCommentBody(undefined)).toEqual({
			ok: false,
			errors: { body: 'Écrivez un message.' }
		});
		expect(validateCommentBody('x'.repeat(5001))).toEqual({
			ok: false,
			errors: { body: 'Le message ne doit pas dépasser 5000 caractères.' }
		});
	});
});

describe('validateDocumentRef', () => {
	const ref = {
		fileId: 'f1',
		name: 'releve.pdf',
		size: 1024,
		mime: 'application/pdf',
		uploadedBy: 'u1',
		gedPath: 'Client/2025/releve.pdf'
	};

	it('accepts well-formed metadata and rejects the rest', () => {
		expect(validateDocumentRef(ref)).toEqual({ ok: true, value: ref });
		const result = validateDocumentRef({ ...ref, size: -1, fileId: 'a/b', name: '' });
		expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(['fileId', 'name', 'size']);
		expect(validateDocumentRef({ ...ref, size: 1.5 }).ok).toBe(false);
	});
});

describe('parseRequest', () => {
	const stored: InfoRequest = {
		id: 'r1',
		taskId: 't1',
		title: 'Factures',
		description: '',
		status: 'todo',
		dueDate: null,
		createdAt: at,
		createdBy: 'u1',
		updatedAt: at,
		comments: [{ id: 'c1', authorId: 'u1', authorName: 'Anne', body: 'Merci', at }],
		documents: [],
		review: null,
		returnReason: null,
		reviewedBy: null,
		reviewedAt: null
	};

	it('rebuilds a request and skips malformed comments and documents', () => {
		expect(parseRequest(stored)).toEqual(stored);
		const noisy = {
			...stored,
			comments: [...stored.comments, { id: 'c2' }, 'x'],
			documents: [null]
		};
		expect(parseRequest(noisy)).toEqual(stored);
	});

	it('returns fresh objects, never the stored ones', () => {
		const parsed = parseRequest(stored);
		expect(parsed?.comments[0]).not.toBe(stored.comments[0]);
	});

	it('rejects requests with missing arrays or invalid fields', () => {
		const { comments: _c, ...noComments } = stored;
		expect(parseRequest(noComments)).toBeNull();
		expect(parseRequest({ ...stored, status: 'sent' })).toBeNull();
		expect(parseRequest({ ...stored, taskId: '' })).toBeNull();
		expect(parseComment({ ...stored.comments[0], at: 'hier' })).toBeNull();
	});
});
