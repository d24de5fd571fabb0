import { describe, expect } from 'vitest';
import type { Navette } from '../../server/app.ts';
import { parisInstant } from '../../src/lib/domain/paris-time.ts';
import { toSessionUser } from '../../src/lib/server/auth/sessions.ts';
import { ManualClock } from '../../src/lib/server/jobs/clock.ts';
import {
	clientReminderHistory,
	previewClientReminder,
	reminderStatsByRequest,
	sendClientReminder,
	setClientPause,
	setRequestOptOut
} from '../../src/lib/server/reminders/index.ts';
import { runReminderPass } from '../../src/lib/server/reminders/pass.ts';
import { openStore } from '../../src/lib/server/store/index.ts';
import { test } from '../helpers/fixtures.ts';
import { freePort } from '../helpers/ports.ts';
import {
	passOn,
	reminderFirm,
	remindedRequests,
	sendRequest,
	setStatus,
	storeDueFirm
} from '../helpers/reminders.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';

/**
 * The daily reminder pass end to end (issue 13): a real Navette on a manual clock, requests sent
 * through the server's documents and mirrored into the overview, the scheduler's plan and pass,
 * the outbox; tests move the clock from day to day, never sleep.
 */
const sentAt = (date: string) => new Date(parisInstant(date, '10:00')).toISOString();

async function setup(
	startNavette: (
		o: Parameters<typeof import('../helpers/navette.ts').startNavette>[0]
	) => Promise<import('../helpers/navette.ts').TestNavette>,
	clients: { name: string; contacts: string[] }[],
	options: { start?: string; env?: NodeJS.ProcessEnv } = {}
) {
	const clock = new ManualClock(options.start ?? '2026-06-01T05:00:00Z');
	const server = await startNavette({ seed: 'none', clock, env: options.env });
	const { navette } = server;
	const firm = await reminderFirm(navette, { clients });
	const staff = toSessionUser(firm.manager, 'session');
	return { clock, navette, firm, staff };
}

describe('the daily pass: cadence', () => {
	test('with a due date: 3 days before (moved to the Friday), on the day, every 7 days, at most 4', async ({
		startNavette
	}) => {
		const { clock, navette, firm } = await setup(startNavette, [
			{ name: 'Alter Ce', contacts: ['Sophie Leroy'] }
		]);
		// Due Wednesday 10 June: 3 days before is Sunday 7, announced on Friday 5.
		const id = await sendRequest(navette, firm, 0, {
			title: 'Relevé bancaire mai',
			sentAt: sentAt('2026-06-01'),
			dueDate: '2026-06-10'
		});
		const days: Record<string, number> = {};
		for (const date of [
			'2026-06-04',
			'2026-06-05',
			'2026-06-08',
			'2026-06-10',
			'2026-06-11',
			'2026-06-17',
			'2026-06-24',
			'2026-07-01',
			'2026-07-08'
		]) {
			await passOn(navette, clock, date);
			days[date] = (await remindedRequests(navette, firm.firm.id)).filter(
				(r) => r.date === date && r.requests.includes(id)
			).length;
		}
		expect(days).toEqual({
			'2026-06-04': 0,
			'2026-06-05': 1,
			'2026-06-08': 0,
			'2026-06-10': 1,
			'2026-06-11': 0,
			'2026-06-17': 1,
			'2026-06-24': 1,
			'2026-07-01': 0,
			'2026-07-08': 0
		});
		const messages = await navette.store.listOutbox(firm.firm.id, 10);
		expect(messages).toHaveLength(4);
		expect(messages.every((m) => m.state === 'unsent')).toBe(true);
		const [latest] = messages;
		expect(latest!.to.address).toBe(firm.clients[0]!.contacts[0]!.email);
		expect(latest!.replyTo).toEqual({ name: 'Claire Martin', address: firm.manager.email });
		expect(latest!.text).toContain('Relevé bancaire mai (échéance : 10/06/2026, en retard)');
		expect(latest!.text).toMatch(/Cordialement,\nCabinet Martin & Associés$/);
		expect(latest!.text).toMatch(/\/connexion\/lien\/[\w-]{40,}/);
	});

	test('without a due date: 7 days after it was sent, then every 7 days', async ({
		startNavette
	}) => {
		const { clock, navette, firm } = await setup(startNavette, [
			{ name: 'Alter Ce', contacts: ['Sophie Leroy'] }
		]);
		await sendRequest(navette, firm, 0, { title: 'Statuts', sentAt: sentAt('2026-06-01') });
		for (const date of ['2026-06-05', '2026-06-08', '2026-06-09', '2026-06-12', '2026-06-15']) {
			await passOn(navette, clock, date);
		}
		expect((await remindedRequests(navette, firm.firm.id)).map((r) => r.date)).toEqual([
			'2026-06-08',
			'2026-06-15'
		]);
	});

	test('nothing before the hour: a pass at 08:59 waits for 09:00', async ({ startNavette }) => {
		const { clock, navette, firm } = await setup(startNavette, [
			{ name: 'Alter Ce', contacts: ['Sophie Leroy'] }
		]);
		await sendRequest(navette, firm, 0, { title: 'Statuts', sentAt: sentAt('2026-06-01') });
		await passOn(navette, clock, '2026-06-08', '08:59');
		expect(await remindedRequests(navette, firm.firm.id)).toEqual([]);
		await passOn(navette, clock, '2026-06-08', '09:00');
		expect(await remindedRequests(navette, firm.firm.id)).toHaveLength(1);
	});
});

describe('the daily pass: working days', () => {
	test('nothing on 1 May, 14 July or Easter Monday; sent the next working day', async ({
		startNavette
	}) => {
		const { clock, navette, firm } = await setup(
			startNavette,
			[
				{ name: 'Alter Ce', contacts: ['Sophie Leroy'] },
				{ name: 'Bâti Sud', contacts: ['Paul Roche'] },
				{ name: 'Dupont Maçonnerie', contacts: ['Jean Dupont'] }
			],
			{ start: '2026-03-20T05:00:00Z' }
		);
		// Each first reminder (sent + 7 days) falls on a public holiday.
		const easter = await sendRequest(navette, firm, 0, {
			title: 'Pâques',
			sentAt: sentAt('2026-03-30')
		});
		const mayDay = await sendRequest(navette, firm, 1, {
			title: 'Mai',
			sentAt: sentAt('2026-04-24')
		});
		const bastille = await sendRequest(navette, firm, 2, {
			title: 'Juillet',
			sentAt: sentAt('2026-07-07')
		});
		const remindedOn = async (date: string) =>
			(await remindedRequests(navette, firm.firm.id))
				.filter((r) => r.date === date)
				.flatMap((r) => r.requests);
		for (const [holiday, next, request] of [
			['2026-04-06', '2026-04-07', easter],
			['2026-05-01', '2026-05-04', mayDay],
			['2026-07-14', '2026-07-15', bastille]
		] as const) {
			await passOn(navette, clock, holiday);
			expect(await remindedOn(holiday), holiday).toEqual([]);
			expect(await navette.store.getJob(`reminders:${firm.firm.id}:${holiday}`)).toBeNull();
			await passOn(navette, clock, next);
			expect(await remindedOn(next), next).toContain(request);
		}
	});
});

describe('the daily pass: pauses and stop rules', () => {
	test('a client paused for good gets nothing; one paused until a date, the day after', async ({
		startNavette
	}) => {
		const { clock, navette, firm, staff } = await setup(startNavette, [
			{ name: 'Alter Ce', contacts: ['Sophie Leroy'] },
			{ name: 'Bâti Sud', contacts: ['Paul Roche'] }
		]);
		const forGood = await sendRequest(navette, firm, 0, {
			title: 'A',
			sentAt: sentAt('2026-06-01')
		});
		const until = await sendRequest(navette, firm, 1, { title: 'B', sentAt: sentAt('2026-06-01') });
		const [alter, bati] = firm.clients.map((c) => c.client.id);
		await setClientPause(navette.runtime, staff, alter!, { paused: true, until: null });
		await setClientPause(navette.runtime, staff, bati!, { paused: true, until: '2026-06-09' });
		await passOn(navette, clock, '2026-06-08');
		await passOn(navette, clock, '2026-06-09');
		expect(await remindedRequests(navette, firm.firm.id)).toEqual([]);
		await passOn(navette, clock, '2026-06-10');
		expect((await remindedRequests(navette, firm.firm.id)).map((r) => r.requests)).toEqual([
			[until]
		]);
		// « Relancer » respects the pause too, and says why.
		const refused = await sendClientReminder(navette.runtime, staff, alter!);
		expect(refused).toMatchObject({
			queued: 0,
			refused: 'Les relances de ce client sont suspendues.'
		});
		await setClientPause(navette.runtime, staff, alter!, { paused: false, until: null });
		await passOn(navette, clock, '2026-06-11');
		expect((await remindedRequests(navette, firm.firm.id)).at(-1)!.requests).toEqual([forGood]);
	});

	test('a request marked « Terminée » leaves the next digest; an opted-out one is never in it', async ({
		startNavette
	}) => {
		const { clock, navette, firm, staff } = await setup(startNavette, [
			{ name: 'Alter Ce', contacts: ['Sophie Leroy'] }
		]);
		const ids = [];
		for (const title of ['Relevé', 'Factures', 'Contrat']) {
			ids.push(await sendRequest(navette, firm, 0, { title, sentAt: sentAt('2026-06-01') }));
		}
		const [kept, done, optedOut] = ids as [string, string, string];
		const clientId = firm.clients[0]!.client.id;
		await setRequestOptOut(navette.runtime, staff, clientId, optedOut, true);
		await passOn(navette, clock, '2026-06-08');
		await setStatus(navette, firm, 0, done, 'done');
		await passOn(navette, clock, '2026-06-15');
		expect((await remindedRequests(navette, firm.firm.id)).map((r) => r.requests)).toEqual([
			[kept, done].sort(),
			[kept]
		]);
		const [latest] = await navette.store.listOutbox(firm.firm.id, 1);
		expect(latest!.text).toContain('Relevé');
		expect(latest!.text).not.toContain('Factures');
		expect(latest!.text).not.toContain('Contrat');
		const stats = await reminderStatsByRequest(navette.runtime, staff, firm.firm.id);
		expect(stats[kept]).toMatchObject({ count: 2 });
		expect(stats[done]).toMatchObject({ count: 1 });
		expect(stats[optedOut]).toBeUndefined();
	});
});

describe('one digest per contact per day', () => {
	test('two passes the same day, and « Relancer » after the pass, send nothing more', async ({
		startNavette
	}) => {
		const { clock, navette, firm, staff } = await setup(startNavette, [
			{ name: 'Alter Ce', contacts: ['Sophie Leroy'] }
		]);
		await sendRequest(navette, firm, 0, { title: 'Relevé', sentAt: sentAt('2026-06-01') });
		await passOn(navette, clock, '2026-06-08');
		const again = await runReminderPass(navette.runtime, firm.firm.id, '2026-06-08', clock.now());
		expect(again.digests).toBe(0);
		const clientId = firm.clients[0]!.client.id;
		const click = await sendClientReminder(navette.runtime, staff, clientId);
		expect(click).toMatchObject({ queued: 0, alreadyToday: ['Sophie Leroy'] });
		expect(click.refused).toMatch(/déjà reçu sa relance aujourd’hui/);
		expect(await navette.store.listOutbox(firm.firm.id, 10)).toHaveLength(1);

		// The next day, « Relancer » sends at once (no cadence), and the pass then adds nothing.
		clock.set(parisInstant('2026-06-09', '08:00'));
		const manual = await sendClientReminder(navette.runtime, staff, clientId);
		expect(manual).toMatchObject({ queued: 1, contacts: ['Sophie Leroy'], refused: null });
		await passOn(navette, clock, '2026-06-09');
		const reminders = await remindedRequests(navette, firm.firm.id);
		expect(reminders.map((r) => [r.date, r.trigger])).toEqual([
			['2026-06-08', 'auto'],
			['2026-06-09', 'manual']
		]);
		const history = await clientReminderHistory(navette.runtime, staff, clientId);
		expect(history.map((h) => [h.trigger, h.by?.name ?? null, h.delivery.label])).toEqual([
			['manual', 'Claire Martin', 'Non envoyé (e-mail non configuré)'],
			['auto', null, 'Non envoyé (e-mail non configuré)']
		]);
		expect(history[0]!.requests).toEqual([{ id: reminders[1]!.requests[0], title: 'Relevé' }]);
		// « Relance envoyée » on the request's timeline, by Navette, then by Claire.
		const events = await navette.store.listRequestEvents(
			{ firmId: firm.firm.id, requestId: reminders[0]!.requests[0], kinds: ['reminded'] },
			10
		);
		expect(events.map((e) => [e.actor.name, e.detail.trigger, e.detail.contact])).toEqual([
			['Claire Martin', 'manual', 'Sophie Leroy'],
			['Navette', 'auto', 'Sophie Leroy']
		]);
	});

	test('two contacts of one client: two digests, each with its own sign-in link', async ({
		startNavette
	}) => {
		const { clock, navette, firm, staff } = await setup(startNavette, [
			{ name: 'Alter Ce', contacts: ['Sophie Leroy', 'Marc Leroy'] }
		]);
		await sendRequest(navette, firm, 0, { title: 'Relevé', sentAt: sentAt('2026-06-01') });
		const clientId = firm.clients[0]!.client.id;
		const preview = await previewClientReminder(navette.runtime, staff, clientId);
		expect(preview.messages.map((m) => m.contact.name).sort()).toEqual([
			'Marc Leroy',
			'Sophie Leroy'
		]);
		expect(preview.messages[0]!.text).toContain('/connexion/lien/apercu');
		for (const contact of firm.clients[0]!.contacts) {
			expect(await navette.store.listSigninLinks(contact.id)).toEqual([]);
		}
		await passOn(navette, clock, '2026-06-08');
		const messages = await navette.store.listOutbox(firm.firm.id, 10);
		expect(messages.map((m) => m.to.name).sort()).toEqual(['Marc Leroy', 'Sophie Leroy']);
		const links = messages.map((m) => /\/connexion\/lien\/([\w-]+)/.exec(m.text)![1]);
		expect(new Set(links).size).toBe(2);
		for (const contact of firm.clients[0]!.contacts) {
			expect(await navette.store.listSigninLinks(contact.id)).toHaveLength(1);
		}
	});
});

describe('the pass writes a batch of clients at a time', () => {
	test('a batch refused mid-pass leaves the committed ones whole; run again, the pass queues the rest once', async ({
		tempDir,
		startNavette
	}) => {
		// 10 clients of 30 contacts, one request each: 300 digests, about 180 in the first batch.
		const store = await openStore({ dataDir: tempDir });
		const { firm, addresses } = await storeDueFirm(store, {
			name: 'Cabinet Ouest',
			clients: 10,
			contacts: 30,
			sentAt: sentAt('2026-06-01')
		});
		await store.close();
		const clock = new ManualClock(parisInstant('2026-06-08', '09:30'));
		const { navette } = await startNavette({
			seed: 'none',
			dataDir: tempDir,
			clock,
			reminders: false
		});
		const add = navette.store.addReminders.bind(navette.store);
		let batches = 0;
		navette.store.addReminders = (digests) =>
			++batches === 2 ? Promise.reject(new Error('disque plein')) : add(digests);
		const pass = () => runReminderPass(navette.runtime, firm.id, '2026-06-08', clock.now());
		await expect(pass()).rejects.toThrow('disque plein');

		const committed = await written(navette, firm.id);
		expect(committed.reminders).toBeGreaterThan(0);
		expect(committed.reminders).toBeLessThan(300);
		// Each committed digest came with its message, link, audit entry and event; nothing else.
		expect(committed).toEqual({
			reminders: committed.reminders,
			messages: committed.reminders,
			links: committed.reminders,
			audits: committed.reminders,
			events: committed.reminders
		});

		navette.store.addReminders = add;
		expect((await pass()).digests).toBe(300 - committed.reminders);
		expect(await written(navette, firm.id)).toEqual({
			reminders: 300,
			messages: 300,
			links: 300,
			audits: 300,
			events: 300
		});
		const outbox = await navette.store.listOutbox(firm.id, 1000);
		expect(new Set(outbox.map((m) => m.to.address))).toEqual(new Set(addresses));
	});
});

/** What the firm's digests wrote: reminders, outbox messages, sign-in links, audit entries, events. */
async function written(navette: Navette, firmId: string) {
	const { store } = navette;
	const contacts = (await store.listUsers(firmId)).filter((user) => user.role === 'client');
	const links = await Promise.all(contacts.map((contact) => store.listSigninLinks(contact.id)));
	const audit = await store.listAudit(firmId, 1000);
	return {
		reminders: (await store.listReminders(firmId, { limit: 1000 })).length,
		messages: (await store.listOutbox(firmId, 1000)).length,
		links: links.flat().length,
		audits: audit.filter((entry) => entry.action === 'signin-link.issue').length,
		events: await store.countRequestEvents({ firmId, kinds: ['reminded'] })
	};
}

describe('delivery', () => {
	test('SMTP down: the client page shows the reason and the next attempt; sent once it is back', async ({
		startNavette
	}) => {
		const port = await freePort();
		const { clock, navette, firm, staff } = await setup(
			startNavette,
			[{ name: 'Alter Ce', contacts: ['Sophie Leroy'] }],
			{ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } }
		);
		await sendRequest(navette, firm, 0, { title: 'Relevé', sentAt: sentAt('2026-06-01') });
		await passOn(navette, clock, '2026-06-08');
		const clientId = firm.clients[0]!.client.id;
		const [failed] = await clientReminderHistory(navette.runtime, staff, clientId);
		expect(failed!.delivery.state).toBe('pending');
		expect(failed!.delivery.reason).toMatch(/^Serveur SMTP injoignable/);
		expect(failed!.delivery.label).toMatch(
			/^Échec : Serveur SMTP injoignable .* · nouvelle tentative le 08\/06 à 09:\d\d$/
		);
		const retryAt = Date.parse(failed!.delivery.nextAttemptAt!);

		const sink = await startSmtpSink(port);
		try {
			clock.set(retryAt);
			await navette.scheduler.runDue();
			const [sent] = await clientReminderHistory(navette.runtime, staff, clientId);
			expect(sent!.delivery).toMatchObject({ state: 'sent', reason: null });
			expect(sent!.delivery.label).toMatch(/^Envoyée le 08\/06 à 09:\d\d$/);
			clock.advance(3_600_000);
			await navette.scheduler.runDue();
			expect(sink.to(firm.clients[0]!.contacts[0]!.email)).toHaveLength(1);
			expect(sink.received).toHaveLength(1);
		} finally {
			await sink.close();
		}
	});
});
