import * as Y from 'yjs';
import { initOverviewDocument, syncSummaries } from '../src/lib/doc/overview.ts';
import {
	setRequestStatus,
	transmitRequest,
	addComment,
	readRequests
} from '../src/lib/doc/requests.ts';
import { initRequestsDocument, initTasksDocument } from '../src/lib/doc/schema.ts';
import { createTask } from '../src/lib/doc/tasks.ts';
import { overviewDocName, requestsDocName, tasksDocName } from '../src/lib/domain/doc-names.ts';
import { STATUSES } from '../src/lib/domain/status.ts';
import { CATEGORIES } from '../src/lib/domain/task.ts';
import { hashPassword } from '../src/lib/server/auth/password.ts';
import type { Store } from '../src/lib/server/store/Store.ts';
import { prng } from '../tests/helpers/random.ts';

export const BIG_FIRM_ADMIN = 'admin@grand-cabinet.fr';

const CLIENT_WORDS = [
	'Boulangerie',
	'Garage',
	'Cabinet',
	'Atelier',
	'Maison',
	'Société',
	'Ferme',
	'Studio'
];
const PLACES = [
	'du Port',
	'des Lilas',
	'Saint-Éloi',
	'Bellevue',
	'du Centre',
	'de la Gare',
	'Montaigne'
];
const REQUESTS = [
	['Relevé bancaire', 'Le relevé du compte courant de la période.'],
	['Factures de ventes', 'Toutes les factures émises sur la période.'],
	['Factures d’achats', 'Toutes les factures reçues sur la période.'],
	['Justificatif de virement', 'Un virement sans libellé, merci de le justifier.'],
	['Note de frais', 'Les notes de frais et leurs justificatifs.']
] as const;

export interface FirmSize {
	clients: number;
	tasksPerClient: number;
	requestsPerTask: number;
	staff: number;
}

/** Issue 3's firm: 500 clients, 5,000 tasks, 25,000 requests. */
export const STANDARD_FIRM: FirmSize = {
	clients: 500,
	tasksPerClient: 10,
	requestsPerTask: 5,
	staff: 20
};

/**
 * Writes a large firm straight into a store: `clients` clients, `tasksPerClient` tasks each and
 * `requestsPerTask` requests per task, some with comments, plus its overview document. Says how
 * many bytes of Yjs update its tasks, overview and requests documents hold.
 */
export async function generateFirm(
	store: Store,
	sizes: FirmSize = STANDARD_FIRM
): Promise<{ firmId: string; bytes: { tasks: number; overview: number; requests: number } }> {
	const random = prng(500);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const passwordHash = await hashPassword('navette-bench');
	const firm = await store.createFirm({ name: 'Grand Cabinet' });
	const staff = [];
	for (let i = 0; i < sizes.staff; i++) {
		const email = i === 0 ? BIG_FIRM_ADMIN : `collaborateur${i}@grand-cabinet.fr`;
		const role = i === 0 ? 'admin' : 'collaborator';
		staff.push(
			await store.createUser({
				firmId: firm.id,
				email,
				name: `Collaborateur ${i}`,
				role,
				clientId: null,
				passwordHash
			})
		);
	}
	const tasksDoc = new Y.Doc();
	initTasksDocument(tasksDoc);
	const overview = new Y.Doc();
	initOverviewDocument(overview);
	const actor = { id: staff[0]!.id, name: staff[0]!.name };
	let requestsBytes = 0;
	for (let c = 0; c < sizes.clients; c++) {
		const client = await store.createClient({
			firmId: firm.id,
			name: `${pick(CLIENT_WORDS)} ${pick(PLACES)} ${c + 1}`
		});
		const requestsDoc = new Y.Doc();
		initRequestsDocument(requestsDoc);
		for (let t = 0; t < sizes.tasksPerClient; t++) {
			const month = String(1 + (t % 12)).padStart(2, '0');
			const category = pick(CATEGORIES);
			const task = createTask(
				tasksDoc,
				{
					title: category === 'TVA' ? `TVA ${month}/2026` : `${category} 2026`,
					clientId: client.id,
					assigneeId: pick(staff).id,
					status: pick(STATUSES),
					category,
					period: `2026-${month}`,
					dueDate: `2026-${month}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`
				},
				actor
			);
			for (let r = 0; r < sizes.requestsPerTask; r++) {
				const [title, description] = pick(REQUESTS);
				const request = transmitRequest(
					requestsDoc,
					{ taskId: task.id, title, description },
					actor
				);
				const status = pick(STATUSES);
				if (status !== 'todo') setRequestStatus(requestsDoc, request.id, status, actor);
				if (random() < 0.3)
					addComment(requestsDoc, request.id, 'Document envoyé par courrier.', actor);
			}
		}
		const requestsUpdate = Y.encodeStateAsUpdate(requestsDoc);
		requestsBytes += requestsUpdate.length;
		await store.appendUpdate(requestsDocName(firm.id, client.id), requestsUpdate);
		syncSummaries(overview, new Map([[client.id, readRequests(requestsDoc)]]), actor);
		requestsDoc.destroy();
	}
	const tasksUpdate = Y.encodeStateAsUpdate(tasksDoc);
	const overviewUpdate = Y.encodeStateAsUpdate(overview);
	await store.appendUpdate(tasksDocName(firm.id), tasksUpdate);
	await store.appendUpdate(overviewDocName(firm.id), overviewUpdate);
	return {
		firmId: firm.id,
		bytes: { tasks: tasksUpdate.length, overview: overviewUpdate.length, requests: requestsBytes }
	};
}
