import { describe, expect } from 'vitest';
import { readRequests } from '../../src/lib/doc/requests.ts';
import { readTasks } from '../../src/lib/doc/tasks.ts';
import { requestsDocName, tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { parisInstant } from '../../src/lib/domain/paris-time.ts';
import type { VatRegime } from '../../src/lib/domain/clients.ts';
import { DEFAULT_RECURRING_RULES } from '../../src/lib/domain/recurring-rules.ts';
import { updateClient } from '../../src/lib/server/admin/clients.ts';
import { toSessionUser } from '../../src/lib/server/auth/sessions.ts';
import { ManualClock } from '../../src/lib/server/jobs/clock.ts';
import { derivedId, runRecurringPass } from '../../src/lib/server/recurring/pass.ts';
import { PASS_SETTING, RULES_SETTING } from '../../src/lib/server/recurring/rules.ts';
import { test } from '../helpers/fixtures.ts';
import type { TestNavette } from '../helpers/navette.ts';

/**
 * The recurring rules in a real Navette on a manual clock: the daily job (00:05 Paris) and the
 * pass at start create each period's task once, in the tasks document, with its template's
 * requests in the client's requests document.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** `time` on Paris clocks on `date`. */
const paris = (date: string, time = '00:10') => parisInstant(date, time);

interface Firm {
	firmId: string;
	adminId: string;
	clientId: string;
}

/** A firm (its last pass on `lastDate`) with one client under `regime`, in charge of its admin. */
async function firm(
	server: TestNavette,
	client: { regime: VatRegime; closing?: string; lastDate: string },
	rules: Partial<typeof DEFAULT_RECURRING_RULES> = {}
): Promise<Firm> {
	const { store } = server.navette;
	const created = await store.createFirm({ name: 'Cabinet Bernard' });
	const admin = await store.createUser({
		firmId: created.id,
		name: 'Anne Bernard',
		email: `anne.${crypto.randomUUID()}@cabinet-bernard.fr`,
		role: 'admin',
		clientId: null,
		passwordHash: 'x'
	});
	const record = await store.createClient({
		firmId: created.id,
		name: 'Boulangerie Petit',
		closingDate: client.closing ?? '12-31',
		vatRegime: client.regime,
		managerId: admin.id
	});
	const at = new Date().toISOString();
	await store.setFirmSetting(created.id, PASS_SETTING, { lastDate: client.lastDate }, at);
	await store.setFirmSetting(
		created.id,
		RULES_SETTING,
		{ ...DEFAULT_RECURRING_RULES, ...rules },
		at
	);
	return { firmId: created.id, adminId: admin.id, clientId: record.id };
}

async function tasksOf(server: TestNavette, f: Firm) {
	return server.navette.runtime.documents.read(tasksDocName(f.firmId), readTasks);
}

async function requestsOf(server: TestNavette, f: Firm) {
	return server.navette.runtime.documents.read(requestsDocName(f.firmId, f.clientId), readRequests);
}

/** Moves the clock and waits for the scheduler's pass (the daily job runs if it fell due). */
async function at(server: TestNavette, clock: ManualClock, instant: number) {
	clock.set(instant);
	await server.navette.scheduler.runDue();
}

const it = test;
const november30 = () => new ManualClock(paris('2026-11-30', '12:00'));

describe('recurring missions', () => {
	it('gives a monthly client « TVA 11/2026 » on 1 December, with its requests', async ({
		startNavette
	}) => {
		const clock = november30();
		const server = await startNavette({ seed: 'none', clock });
		const f = await firm(server, { regime: 'mensuel', lastDate: '2026-11-29' });
		await at(server, clock, paris('2026-11-30', '23:00'));
		expect(await tasksOf(server, f)).toEqual([]);

		await at(server, clock, paris('2026-12-01', '00:10'));
		const [task, ...others] = await tasksOf(server, f);
		expect(others).toEqual([]);
		expect(task).toMatchObject({
			title: 'TVA 11/2026',
			clientId: f.clientId,
			assigneeId: f.adminId,
			category: 'TVA',
			period: '2026-11',
			status: 'todo',
			// The 19th is a Saturday.
			dueDate: '2026-12-21'
		});
		const requests = await requestsOf(server, f);
		expect(requests.map((r) => [r.title, r.taskId, r.dueDate])).toEqual([
			['Relevé bancaire novembre 2026', task!.id, '2026-12-11'],
			['Factures d’achats novembre 2026', task!.id, '2026-12-11'],
			['Factures de ventes novembre 2026', task!.id, '2026-12-11']
		]);
		expect((await server.navette.store.listRecurringWork(f.firmId))[0]).toMatchObject({
			periodKey: 'TVA:2026-11',
			taskId: task!.id
		});
	});

	it('creates the task the firm’s lead days earlier, and a quarter’s when it closes', async ({
		startNavette
	}) => {
		const clock = new ManualClock(paris('2026-11-24', '12:00'));
		const server = await startNavette({ seed: 'none', clock });
		const monthly = await firm(
			server,
			{ regime: 'mensuel', lastDate: '2026-11-24' },
			{ vatLeadDays: 5, vatDueDay: 15 }
		);
		const quarterly = await firm(
			server,
			{ regime: 'trimestriel', lastDate: '2026-11-24' },
			{ bilanEnabled: false }
		);
		await at(server, clock, paris('2026-11-25', '12:00'));
		expect(await tasksOf(server, monthly)).toEqual([]);
		await at(server, clock, paris('2026-11-26'));
		expect((await tasksOf(server, monthly)).map((t) => [t.title, t.dueDate])).toEqual([
			['TVA 11/2026', '2026-12-15']
		]);
		expect(await tasksOf(server, quarterly)).toEqual([]);

		await at(server, clock, paris('2026-12-31', '12:00'));
		expect(await tasksOf(server, quarterly)).toEqual([]);
		await at(server, clock, paris('2027-01-01'));
		expect((await tasksOf(server, quarterly)).map((t) => [t.title, t.period, t.dueDate])).toEqual([
			['TVA T4 2026', null, '2027-01-19']
		]);
		expect((await requestsOf(server, quarterly)).map((r) => r.title)).toEqual([
			'Relevé bancaire',
			'Factures d’achats',
			'Factures de ventes'
		]);
	});

	it('creates the Bilan the day after the closing, due three months later', async ({
		startNavette
	}) => {
		const clock = new ManualClock(paris('2026-06-30', '12:00'));
		const server = await startNavette({ seed: 'none', clock });
		const f = await firm(server, { regime: 'franchise', closing: '06-30', lastDate: '2026-06-29' });
		await at(server, clock, paris('2026-07-01'));
		const tasks = await tasksOf(server, f);
		expect(tasks.map((t) => [t.title, t.category, t.period, t.dueDate])).toEqual([
			['Bilan 2026', 'Bilan', '2026', '2026-09-30']
		]);
		const requests = await requestsOf(server, f);
		expect(requests).toHaveLength(8);
		expect(requests[0]).toMatchObject({
			title: 'Relevés bancaires de l’exercice 2026',
			dueDate: '2026-07-02'
		});
	});

	it('creates each task once across restarts, clock jumps and a crash after the claim', async ({
		startNavette,
		tempDir
	}) => {
		const clock = november30();
		const options = { seed: 'none' as const, clock, dataDir: tempDir };
		let server = await startNavette(options);
		const f = await firm(server, { regime: 'mensuel', lastDate: '2026-11-29' });
		// An instance claimed November and died before writing anything.
		const key = `${f.clientId}:TVA:2026-11`;
		await server.navette.store.claimRecurringWork({
			firmId: f.firmId,
			clientId: f.clientId,
			periodKey: 'TVA:2026-11',
			taskId: derivedId('rt', key),
			at: new Date(clock.now()).toISOString()
		});
		await at(server, clock, paris('2026-12-01'));
		await server.close();
		server = await startNavette(options);
		await at(server, clock, paris('2026-12-01', '18:00'));
		clock.set(paris('2026-11-15'));
		await runRecurringPass(deps(server), clock.now());
		await at(server, clock, paris('2026-12-03'));
		await server.close();
		server = await startNavette(options);

		const tasks = await tasksOf(server, f);
		expect(tasks.map((t) => [t.id, t.title])).toEqual([[derivedId('rt', key), 'TVA 11/2026']]);
		expect(await requestsOf(server, f)).toHaveLength(3);
		expect((await server.navette.store.listRecurringWork(f.firmId))[0]!.doneAt).not.toBeNull();
	});

	it('moves the tasks to come when the regime changes, and keeps those created', async ({
		startNavette
	}) => {
		const clock = november30();
		const server = await startNavette({ seed: 'none', clock });
		const f = await firm(
			server,
			{ regime: 'mensuel', lastDate: '2026-11-29' },
			{ bilanEnabled: false }
		);
		await at(server, clock, paris('2026-12-01'));
		await at(server, clock, paris('2026-12-10', '12:00'));
		const admin = toSessionUser((await server.navette.store.getUser(f.adminId))!, 'session');
		const client = (await server.navette.store.getClient(f.clientId))!;
		const result = await updateClient(server.navette.runtime, admin, f.clientId, {
			name: client.name,
			siren: '',
			closingDate: '31/12',
			vatRegime: 'trimestriel',
			managerId: f.adminId,
			vatDueDay: ''
		});
		expect(result.ok).toBe(true);

		await at(server, clock, paris('2027-01-01'));
		expect((await tasksOf(server, f)).map((t) => t.title)).toEqual(['TVA 11/2026', 'TVA T4 2026']);
		expect(await requestsOf(server, f)).toHaveLength(6);
	});

	it('gives a firm’s first pass the period closed this month, not older ones', async ({
		startNavette
	}) => {
		const clock = new ManualClock(paris('2026-12-24', '12:00'));
		const server = await startNavette({ seed: 'none', clock });
		const { store } = server.navette;
		const f = await firm(server, { regime: 'mensuel', lastDate: '2026-12-23' });
		await store.setFirmSetting(f.firmId, PASS_SETTING, null, new Date().toISOString());
		await runRecurringPass(deps(server), clock.now());
		expect((await tasksOf(server, f)).map((t) => t.title)).toEqual(['TVA 11/2026']);
	});
});

describe('recurring missions on two instances (PostgreSQL + Redis)', () => {
	it('creates each task once', async ({ startNavette, pgDatabase, tempDir }) => {
		const clock = new ManualClock(paris('2026-11-30', '12:00'));
		const env = {
			DATABASE_URL: pgDatabase.url,
			REDIS_URL,
			REDIS_PREFIX: `navette-test-${crypto.randomUUID()}`
		};
		const options = { seed: 'none' as const, clock, dataDir: tempDir, env };
		const a = await startNavette(options);
		const b = await startNavette(options);
		const firms = [];
		for (let i = 0; i < 5; i++) {
			firms.push(await firm(a, { regime: 'mensuel', lastDate: '2026-11-29' }));
		}
		clock.set(paris('2026-12-01'));
		await Promise.all([
			a.navette.scheduler.runDue(),
			b.navette.scheduler.runDue(),
			runRecurringPass(deps(a), clock.now()),
			runRecurringPass(deps(b), clock.now())
		]);
		await a.close();
		await b.close();
		// A third instance reads what the store holds.
		const c = await startNavette(options);
		for (const f of firms) {
			expect((await tasksOf(c, f)).map((t) => t.title)).toEqual(['TVA 11/2026']);
			expect(await requestsOf(c, f)).toHaveLength(3);
		}
		const work = await Promise.all(firms.map((f) => c.navette.store.listRecurringWork(f.firmId)));
		expect(work.map((w) => w.length)).toEqual([1, 1, 1, 1, 1]);
	});
});

function deps(server: TestNavette) {
	return { store: server.navette.store, documents: server.navette.runtime.documents };
}
