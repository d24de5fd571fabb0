import * as Y from 'yjs';
import type { Actor } from '../src/lib/doc/origins.ts';
import { overviewDocName, requestsDocName, tasksDocName } from '../src/lib/domain/doc-names.ts';
import type { InfoRequest } from '../src/lib/domain/request.ts';
import type { Status } from '../src/lib/domain/status.ts';
import type { Category } from '../src/lib/domain/task.ts';
import { DEFAULT_REMINDER_POLICY } from '../src/lib/domain/reminder-policy.ts';
import { REMINDER_SETTING_KEY } from '../src/lib/server/reminders/policy.ts';
import {
	initOverviewDocument,
	initRequestsDocument,
	initTasksDocument
} from '../src/lib/doc/schema.ts';
import { syncSummaries } from '../src/lib/doc/overview.ts';
import { createTask } from '../src/lib/doc/tasks.ts';
import { readRequests, setRequestStatus, transmitRequest } from '../src/lib/doc/requests.ts';
import { DEFAULT_RECURRING_RULES } from '../src/lib/domain/recurring-rules.ts';
import { DEFAULT_TEMPLATES } from '../src/lib/domain/request-templates.ts';
import { hashPassword } from '../src/lib/server/auth/password.ts';
import { RULES_SETTING } from '../src/lib/server/recurring/rules.ts';
import type { Client, Firm, Store, User } from '../src/lib/server/store/Store.ts';

export const DEMO_PASSWORD = 'navette-demo';

/**
 * The demo firm's id, fixed: when several instances start at once on an empty PostgreSQL
 * database, only the first one's `createFirm` can succeed, and the others know it is there.
 */
export const DEMO_FIRM_ID = 'cabinet-martin-demo';

export const DEMO_ACCOUNTS = {
	claire: 'claire.martin@cabinet-martin.fr',
	paul: 'paul.durand@cabinet-martin.fr',
	sophie: 'sophie.leroy@alterce.fr',
	jean: 'jean.dupont@dupont-maconnerie.fr'
} as const;

interface DemoTask {
	title: string;
	client: Client;
	assignee: User;
	status: Status;
	category: Category;
	period: string;
	dueDate: string;
	requests: [title: string, description: string, status: Status][];
}

/**
 * How long ago the demo's requests were sent: past the first reminder of a request without a due
 * date (7 days by default), so that the first reminder pass after start (at once when its hour
 * has passed, on a working day) sends their reminders, found in « Boîte d'envoi ».
 */
const DEMO_SENT_DAYS_AGO = 12;

/**
 * The demo firm of DESIGN §8, written straight into the store before the server accepts a
 * connection: the documents' first content is made here, on the server, like any initial content.
 * Reminders are on with the French defaults. `now`: the server's clock. Returns the lines to
 * print at start.
 */
export async function seedDemo(store: Store, now = Date.now()): Promise<string[]> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	let firm: Firm;
	try {
		firm = await store.createFirm({ id: DEMO_FIRM_ID, name: 'Cabinet Martin & Associés' });
	} catch (error) {
		// Another instance, started at the same moment on the same database, is writing it.
		if (await store.getFirm(DEMO_FIRM_ID)) return [];
		throw error;
	}
	const staff = (name: string, email: string, role: 'admin' | 'collaborator') =>
		store.createUser({ firmId: firm.id, name, email, role, clientId: null, passwordHash });
	const claire = await staff('Claire Martin', DEMO_ACCOUNTS.claire, 'admin');
	const paul = await staff('Paul Durand', DEMO_ACCOUNTS.paul, 'collaborator');
	// Made-up SIRENs with a valid check digit.
	const alterCe = await store.createClient({
		firmId: firm.id,
		name: 'Alter Ce',
		siren: '842315673',
		closingDate: '12-31',
		vatRegime: 'mensuel',
		managerId: claire.id
	});
	const dupont = await store.createClient({
		firmId: firm.id,
		name: 'Dupont Maçonnerie',
		siren: '790123459',
		closingDate: '06-30',
		vatRegime: 'trimestriel',
		managerId: paul.id
	});
	const contact = (name: string, email: string, client: Client) =>
		store.createUser({
			firmId: firm.id,
			name,
			email,
			role: 'client',
			clientId: client.id,
			passwordHash
		});
	await contact('Sophie Leroy', DEMO_ACCOUNTS.sophie, alterCe);
	await contact('Jean Dupont', DEMO_ACCOUNTS.jean, dupont);

	const tasks: DemoTask[] = [
		{
			title: 'Prévisionnel',
			client: alterCe,
			assignee: claire,
			status: 'todo',
			category: 'Prévisionnel',
			period: '2019',
			dueDate: '2019-06-30',
			requests: [
				[
					'Relevés bancaires 2018',
					'Les relevés de tous vos comptes, janvier à décembre 2018.',
					'done'
				],
				['Budget des ventes 2019', 'Vos prévisions de chiffre d’affaires, mois par mois.', 'todo'],
				['Investissements prévus', 'Liste et devis des investissements envisagés.', 'todo'],
				['Embauches prévues', 'Postes, dates d’arrivée et salaires bruts envisagés.', 'todo'],
				['Contrats de prêt', 'Les contrats et tableaux d’amortissement en cours.', 'todo'],
				['Loyer et bail commercial', 'Le bail en vigueur et le montant du loyer.', 'todo'],
				['Charges fixes mensuelles', 'Assurances, abonnements, honoraires récurrents.', 'todo'],
				['Apports des associés', 'Montants et dates des apports prévus.', 'todo']
			]
		},
		{
			title: 'TVA 04/2019',
			client: alterCe,
			assignee: paul,
			status: 'in_progress',
			category: 'TVA',
			period: '2019-04',
			dueDate: '2019-05-19',
			requests: [
				['Relevé bancaire avril 2019', 'Le relevé du compte courant pour avril.', 'in_progress'],
				['Factures de ventes avril 2019', 'Toutes les factures émises en avril.', 'todo'],
				['Factures d’achats avril 2019', 'Toutes les factures reçues en avril.', 'todo'],
				['Justificatif du virement du 12/04', 'Virement de 1 250 € sans libellé.', 'todo']
			]
		},
		{
			title: 'TVA 04/2019',
			client: dupont,
			assignee: paul,
			status: 'done',
			category: 'TVA',
			period: '2019-04',
			dueDate: '2019-05-19',
			requests: [
				['Relevé bancaire avril 2019', 'Le relevé du compte courant pour avril.', 'done'],
				['Factures de ventes avril 2019', 'Toutes les factures émises en avril.', 'done'],
				['Factures d’achats avril 2019', 'Toutes les factures reçues en avril.', 'done']
			]
		}
	];

	const sentAt = new Date(now - DEMO_SENT_DAYS_AGO * 24 * 3_600_000).toISOString();
	const tasksDoc = new Y.Doc();
	initTasksDocument(tasksDoc);
	const requestDocs = new Map<string, Y.Doc>();
	for (const spec of tasks) {
		const actor: Actor = { id: claire.id, name: claire.name };
		const task = createTask(
			tasksDoc,
			{
				title: spec.title,
				clientId: spec.client.id,
				assigneeId: spec.assignee.id,
				status: spec.status,
				category: spec.category,
				period: spec.period,
				dueDate: spec.dueDate
			},
			actor
		);
		let requestsDoc = requestDocs.get(spec.client.id);
		if (!requestsDoc) {
			requestsDoc = new Y.Doc();
			initRequestsDocument(requestsDoc);
			requestDocs.set(spec.client.id, requestsDoc);
		}
		for (const [title, description, status] of spec.requests) {
			const request = transmitRequest(requestsDoc, { taskId: task.id, title, description }, actor, {
				now: sentAt
			});
			if (status !== 'todo') {
				setRequestStatus(requestsDoc, request.id, status, actor, { now: sentAt });
			}
		}
	}
	await store.appendUpdate(tasksDocName(firm.id), Y.encodeStateAsUpdate(tasksDoc));
	// The overview is written here too, so that the first « Tâches » view needs no reconciliation
	// (the reconciliation at its first load still runs, and finds nothing to change).
	const overview = new Y.Doc();
	initOverviewDocument(overview);
	const requestsByClient = new Map<string, InfoRequest[]>();
	for (const [clientId, doc] of requestDocs) {
		await store.appendUpdate(requestsDocName(firm.id, clientId), Y.encodeStateAsUpdate(doc));
		requestsByClient.set(clientId, readRequests(doc));
	}
	syncSummaries(overview, requestsByClient, { id: claire.id, name: claire.name });
	await store.appendUpdate(overviewDocName(firm.id), Y.encodeStateAsUpdate(overview));
	await store.setFirmSetting(
		firm.id,
		REMINDER_SETTING_KEY,
		{ ...DEFAULT_REMINDER_POLICY },
		new Date(now).toISOString()
	);
	// The rules on, saved as an administrator would: the pass at start then creates Alter Ce's
	// (mensuel) VAT task of the month just closed, with its requests in Sophie's portal.
	const at = new Date().toISOString();
	await store.setFirmSetting(firm.id, RULES_SETTING, { ...DEFAULT_RECURRING_RULES }, at);
	await store.seedRequestTemplates(firm.id, DEFAULT_TEMPLATES, at);
	await store.appendAudit({
		firmId: firm.id,
		userId: null,
		action: 'firm.seed',
		target: null,
		detail: 'demo'
	});

	return [
		`Cabinet de démonstration créé : ${firm.name}`,
		`  Mot de passe de tous les comptes : ${DEMO_PASSWORD}`,
		...Object.values(DEMO_ACCOUNTS).map((email) => `  - ${email}`)
	];
}
