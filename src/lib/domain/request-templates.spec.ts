import { describe, expect, it } from 'vitest';
import { validateRequestInput } from './request.ts';
import {
	DEFAULT_TEMPLATES,
	periodText,
	templateForObligation,
	templateRequests,
	validateRequestTemplate,
	type RequestTemplate
} from './request-templates.ts';

const template = (name: string): RequestTemplate => DEFAULT_TEMPLATES.find((t) => t.name === name)!;
const task = { id: 't_tva', dueDate: '2026-12-21', period: '2026-11' };

describe('default templates', () => {
	it('ships the five French templates, each valid', () => {
		expect(DEFAULT_TEMPLATES.map((t) => t.name)).toEqual([
			'Bilan annuel',
			'TVA',
			'Entrée en relation',
			'Reprise de dossier',
			'Paie'
		]);
		for (const t of DEFAULT_TEMPLATES) {
			expect(validateRequestTemplate(t)).toEqual({ ok: true, value: t });
			expect(t.items.every((item) => item.description.length > 40)).toBe(true);
		}
	});

	it('has the items the issue lists', () => {
		const titles = (name: string) =>
			template(name)
				.items.map((i) => i.title)
				.join(' | ');
		expect(titles('Bilan annuel')).toMatch(
			/Relevés bancaires.*achats.*ventes.*stocks.*amortissement des emprunts.*Immobilisations.*Caisse/
		);
		expect(titles('TVA')).toMatch(/Relevé bancaire.*achats.*ventes/);
		expect(titles('Entrée en relation')).toMatch(
			/Kbis de moins de 3 mois.*Statuts.*identité du dirigeant.*RIB.*Lettre de mission signée/
		);
		expect(titles('Reprise de dossier')).toMatch(/FEC.*Grand livre.*liasse.*Balance/);
		expect(titles('Paie')).toMatch(/Variables.*Entrées et sorties/);
	});

	it('cannot be edited in place', () => {
		expect(() => {
			(DEFAULT_TEMPLATES[0]!.items as { title: string }[])[0]!.title = 'x';
		}).toThrow(TypeError);
	});

	it('maps each obligation to its template', () => {
		expect(templateForObligation('TVA')?.name).toBe('TVA');
		expect(templateForObligation('BILAN')?.name).toBe('Bilan annuel');
		expect(templateForObligation('BILAN', [template('TVA')])).toBeNull();
	});
});

describe('templateRequests', () => {
	it('gives transmitRequest inputs, titled with the period, due ten days before the CA3', () => {
		const requests = templateRequests(template('TVA'), task);
		expect(requests).toEqual([
			expect.objectContaining({
				taskId: 't_tva',
				title: 'Relevé bancaire novembre 2026',
				dueDate: '2026-12-11'
			}),
			expect.objectContaining({ title: 'Factures d’achats novembre 2026', dueDate: '2026-12-11' }),
			expect.objectContaining({ title: 'Factures de ventes novembre 2026', dueDate: '2026-12-11' })
		]);
		for (const input of requests) {
			expect(Object.keys(input).sort()).toEqual(['description', 'dueDate', 'taskId', 'title']);
			expect(validateRequestInput(input).ok).toBe(true);
		}
	});

	it('leaves out the items unticked in the preview', () => {
		const requests = templateRequests(template('Bilan annuel'), task, { unticked: [0, 3] });
		expect(requests).toHaveLength(6);
		expect(requests.map((r) => r.title)).not.toContain('État des stocks à la clôture');
		expect(requests[0]!.title).toBe('Factures d’achats');
	});

	it('moves a due date off a weekend or holiday, backwards so that it stays before the task’s', () => {
		const one = (dueOffsetDays: number, dueDate: string | null, region?: '57') =>
			templateRequests(
				{ name: 'x', items: [{ title: 'Pièce', description: '', dueOffsetDays }] },
				{ id: 't_1', dueDate, period: null },
				{ region }
			)[0]!.dueDate;
		// 2027-05-04 − 3 = Saturday 1 May (a holiday too): Friday 30 April.
		expect(one(-3, '2027-05-04')).toBe('2027-04-30');
		// 25 December 2026 is a Friday: Thursday 24.
		expect(one(-4, '2026-12-29')).toBe('2026-12-24');
		expect(one(0, '2026-12-21')).toBe('2026-12-21');
		expect(one(1, '2026-12-21')).toBe('2026-12-22');
		// Good Friday, a holiday in Moselle only.
		expect(one(0, '2026-04-03')).toBe('2026-04-03');
		expect(one(0, '2026-04-03', '57')).toBe('2026-04-02');
		expect(one(-10, null)).toBeNull();
	});

	it('drops the placeholder cleanly when the task has no period', () => {
		const [first] = templateRequests(template('Bilan annuel'), {
			id: 't_b',
			dueDate: null,
			period: null
		});
		expect(first!.title).toBe('Relevés bancaires de l’exercice');
		const [withYear] = templateRequests(template('Bilan annuel'), {
			id: 't_b',
			dueDate: null,
			period: '2026'
		});
		expect(withYear!.title).toBe('Relevés bancaires de l’exercice 2026');
	});

	it('says the period in French', () => {
		expect(periodText('2026-08')).toBe('août 2026');
		expect(periodText('2026')).toBe('2026');
		expect(periodText(null)).toBe('');
	});
});

describe('validateRequestTemplate', () => {
	it('reads a form (offsets as strings, blank offset 0)', () => {
		expect(
			validateRequestTemplate({
				name: '  Clôture  ',
				items: [
					{ title: ' Relevé ', description: undefined, dueOffsetDays: '-5' },
					{ title: 'Kbis', description: 'Récent', dueOffsetDays: '' }
				]
			})
		).toEqual({
			ok: true,
			value: {
				name: 'Clôture',
				items: [
					{ title: 'Relevé', description: '', dueOffsetDays: -5 },
					{ title: 'Kbis', description: 'Récent', dueOffsetDays: 0 }
				]
			}
		});
	});

	it('says in French what is wrong, item by item', () => {
		expect(validateRequestTemplate({ name: '', items: [] })).toEqual({
			ok: false,
			errors: { name: 'Donnez un nom au modèle.', items: 'Ajoutez au moins une demande au modèle.' }
		});
		const result = validateRequestTemplate({
			name: 'Bilan',
			items: [
				{ title: 'ok', dueOffsetDays: 0 },
				{ title: ' ', dueOffsetDays: 1.5 },
				{ title: 'x'.repeat(181) }
			]
		});
		expect(result).toEqual({
			ok: false,
			errors: {
				'items.1.title': 'Indiquez un intitulé.',
				'items.1.dueOffsetDays':
					'L’échéance doit être un nombre entier de jours entre -365 et 365 par rapport à celle de la tâche.',
				'items.2.title': 'L’intitulé ne doit pas dépasser 180 caractères.'
			}
		});
		expect(validateRequestTemplate('x')).toEqual({
			ok: false,
			errors: { form: 'Données invalides.' }
		});
		const tooMany = validateRequestTemplate({ name: 'x', items: Array(51).fill({ title: 'a' }) });
		expect(tooMany.ok || tooMany.errors.items).toBe('Un modèle compte au plus 50 demandes.');
	});
});
