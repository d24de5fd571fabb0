import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readLatestActivity } from '../../src/lib/doc/activity.ts';
import {
	addComment,
	readRequests,
	setRequestStatus,
	updateRequest
} from '../../src/lib/doc/requests.ts';
import { readTasks } from '../../src/lib/doc/tasks.ts';
import { FIRM_ACTOR_NAME, type FeedScope } from '../../src/lib/domain/activity.ts';
import { activityDocName, requestsDocName, tasksDocName } from '../../src/lib/domain/doc-names.ts';
import type { InfoRequest } from '../../src/lib/domain/request.ts';
import type { Task } from '../../src/lib/domain/task.ts';
import {
	activityFeed,
	markNewsRead,
	requestTimeline,
	unreadNews
} from '../../src/lib/server/activity/feed.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { depositDocument } from '../../src/lib/server/files/deposit.ts';
import type { User } from '../../src/lib/server/store/Store.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { startNavette, type TestNavette } from '../helpers/navette.ts';
import { connectProvider, type TestProvider } from '../helpers/providers.ts';

/**
 * Issue 14 items 3 and 4 against a real server: who did what is known only to the server, from
 * the authenticated connection (or, for a deposit over HTTP, the uploader the server checked);
 * « Nouveautés » shows staff what clients did on their tasks; each request has a timeline, of
 * which a client sees its part; a client user reaches neither the firm's activity nor another
 * client's timeline.
 */
let server: TestNavette;
const open: TestProvider[] = [];
let users: Record<keyof typeof DEMO_ACCOUNTS, User>;
let sophieDoc: TestProvider;
let paulFeed: TestProvider;
let tasks: Task[];
/** A request of Paul's « TVA 04/2019 » (Alter Ce) and one of Claire's « Prévisionnel ». */
let paulsRequest: InfoRequest;
let clairesRequest: InfoRequest;

const asSession = (user: User): SessionUser => ({
	id: user.id,
	firmId: user.firmId,
	name: user.name,
	email: user.email,
	role: user.role,
	clientId: user.clientId,
	sessionId: 'test'
});

async function connect(email: string, name: string): Promise<TestProvider> {
	const provider = connectProvider({
		url: server.url,
		origin: server.origin,
		name,
		token: await server.tokenFor(email)
	});
	open.push(provider);
	await provider.synced;
	return provider;
}

/** Everything observed so far stored (and announced). */
const settled = () => server.navette.activity.settled();
const feed = (user: User, scope: FeedScope = 'mine') =>
	activityFeed(server.navette.runtime, asSession(user), scope);

beforeAll(async () => {
	// No reminder pass: the only reminders in the timelines are the tests' own.
	server = await startNavette({ seed: 'demo', reminders: false });
	const { store } = server.navette;
	const entries = await Promise.all(
		Object.entries(DEMO_ACCOUNTS).map(async ([key, email]) => [
			key,
			(await store.getUserByEmail(email))!
		])
	);
	users = Object.fromEntries(entries) as typeof users;
	const { firmId, clientId } = users.sophie;
	tasks = await server.navette.runtime.documents.read(tasksDocName(firmId), readTasks);
	const taskOf = (title: string) =>
		tasks.find((t) => t.title === title && t.clientId === clientId)!;
	paulFeed = await connect(DEMO_ACCOUNTS.paul, activityDocName(firmId));
	sophieDoc = await connect(DEMO_ACCOUNTS.sophie, requestsDocName(firmId, clientId!));
	const requests = readRequests(sophieDoc.doc);
	paulsRequest = requests.find((r) => r.taskId === taskOf('TVA 04/2019').id)!;
	clairesRequest = requests.find((r) => r.taskId === taskOf('Prévisionnel').id)!;
});

afterAll(async () => {
	for (const provider of open) provider.destroy();
	await server?.close();
});

describe('recording who did what', () => {
	it('attributes a client’s status change, comment and deposit to that client user', async () => {
		const sophie = { id: users.sophie.id, name: users.sophie.name };
		setRequestStatus(sophieDoc.doc, paulsRequest.id, 'done', sophie);
		addComment(sophieDoc.doc, paulsRequest.id, 'Voici le relevé d’avril.', sophie);
		addComment(sophieDoc.doc, clairesRequest.id, 'Le prévisionnel arrive.', sophie);
		await sophieDoc.saved();
		const form = new FormData();
		form.set('uploadId', crypto.randomUUID());
		const pdf = new TextEncoder().encode('%PDF-1.4\nactivity\n%%EOF\n');
		form.set('file', new Blob([pdf], { type: 'application/pdf' }), 'Relevé avril.pdf');
		await depositDocument(
			server.navette.runtime,
			asSession(users.sophie),
			{ clientId: users.sophie.clientId!, requestId: paulsRequest.id },
			new Request(`${server.origin}/upload`, { method: 'POST', body: form })
		);
		await settled();

		const timeline = await requestTimeline(server.navette.runtime, asSession(users.paul), {
			clientId: users.sophie.clientId!,
			requestId: paulsRequest.id
		});
		const bySophie = timeline.filter((event) => event.actor.id === users.sophie.id);
		expect(bySophie.map((event) => event.kind)).toEqual([
			'opened',
			'status',
			'comment',
			'document'
		]);
		for (const event of bySophie) {
			expect(event.actor).toEqual({ id: users.sophie.id, name: 'Sophie Leroy', role: 'client' });
			expect(event.taskId).toBe(paulsRequest.taskId);
		}
		expect(bySophie[1]!.detail).toEqual({ from: paulsRequest.status, to: 'done' });
		expect(bySophie[2]!.detail.body).toBe('Voici le relevé d’avril.');
		expect(bySophie[3]!.detail.name).toMatch(/avril\.pdf$/);
	});

	it('attributes a staff edit to the staff member, from the connection', async () => {
		const claire = await connect(
			DEMO_ACCOUNTS.claire,
			requestsDocName(users.sophie.firmId, users.sophie.clientId!)
		);
		updateRequest(
			claire.doc,
			clairesRequest.id,
			{ title: 'Prévisionnel 2027 (révisé)' },
			{ id: users.claire.id, name: users.claire.name }
		);
		await claire.saved();
		await settled();
		const timeline = await requestTimeline(server.navette.runtime, asSession(users.claire), {
			clientId: users.sophie.clientId!,
			requestId: clairesRequest.id
		});
		const edit = timeline.find((event) => event.kind === 'edited')!;
		expect(edit.actor).toEqual({ id: users.claire.id, name: 'Claire Martin', role: 'admin' });
		expect(edit.detail).toMatchObject({
			fields: ['title'],
			values: { title: { from: clairesRequest.title, to: 'Prévisionnel 2027 (révisé)' } }
		});
	});

	it('records one author’s keystrokes as one edit, before what comes next', async () => {
		const claire = await connect(
			DEMO_ACCOUNTS.claire,
			requestsDocName(users.sophie.firmId, users.sophie.clientId!)
		);
		const author = { id: users.claire.id, name: users.claire.name };
		// One the other tests leave alone.
		const before = readRequests(claire.doc).find(
			(r) => r.id !== paulsRequest.id && r.id !== clairesRequest.id
		)!;
		const timeline = () =>
			requestTimeline(server.navette.runtime, asSession(users.claire), {
				clientId: users.sophie.clientId!,
				requestId: before.id
			});
		const known = new Set((await timeline()).map((event) => event.id));
		const fresh = async () => (await timeline()).filter((event) => !known.has(event.id));
		for (const title of ['R', 'Re', 'Rel', 'Relevé']) {
			updateRequest(claire.doc, before.id, { title }, author);
			await claire.saved();
		}
		// Recorded once Claire pauses, with nothing asked of the server.
		await expect
			.poll(async () => (await fresh()).map((event) => event.kind), { timeout: 10_000 })
			.toEqual(['edited']);
		updateRequest(claire.doc, before.id, { title: 'Relevé mai' }, author);
		await claire.saved();
		// The seed holds requests of every status, and which one `before` is depends on the ids.
		const next = before.status === 'in_progress' ? 'done' : 'in_progress';
		setRequestStatus(claire.doc, before.id, next, author);
		await claire.saved();
		await settled();
		const events = await fresh();
		expect(events.map((event) => [event.kind, event.detail])).toEqual([
			['edited', { fields: ['title'], values: { title: { from: before.title, to: 'Relevé' } } }],
			['edited', { fields: ['title'], values: { title: { from: 'Relevé', to: 'Relevé mai' } } }],
			['status', { from: before.status, to: next }]
		]);
		claire.destroy();
	});

	it('records a client user’s first view of each request once', async () => {
		const { firmId, clientId } = users.sophie;
		const again = await connect(DEMO_ACCOUNTS.sophie, requestsDocName(firmId, clientId!));
		again.destroy();
		await settled();
		const views = await server.navette.store.listRequestEvents(
			{ firmId, clientId: clientId!, actorId: users.sophie.id, kinds: ['opened'] },
			100
		);
		expect(views).toHaveLength(readRequests(sophieDoc.doc).length);
		expect(new Set(views.map((event) => event.requestId)).size).toBe(views.length);
	});
});

describe('« Nouveautés »', () => {
	it('shows Paul, live, what clients did on his tasks only', async () => {
		const mine = await feed(users.paul);
		expect(mine.entries.map((entry) => entry.event.kind).sort()).toEqual([
			'comment',
			'document',
			'status'
		]);
		for (const entry of mine.entries) {
			expect(entry.event.requestId).toBe(paulsRequest.id);
			expect(entry.clientName).toBe('Alter Ce');
			expect(entry.taskTitle).toBe('TVA 04/2019');
			expect(entry.requestTitle).toBe(paulsRequest.title);
			expect(entry.read).toBe(false);
		}
		expect(mine.unread).toBe(3);
		expect(await unreadNews(server.navette.runtime, asSession(users.paul))).toBe(3);
		// Live: the firm's activity document, which Paul's browser observes, announced them.
		await vi.waitFor(() => {
			const announced = readLatestActivity(paulFeed.doc)?.events.map((event) => event.id) ?? [];
			const ids = mine.entries.map((entry) => entry.event.id);
			expect(ids.some((id) => announced.includes(id))).toBe(true);
		});
	});

	it('shows Claire her tasks’ news, and the whole firm when she asks', async () => {
		const mine = await feed(users.claire);
		expect(mine.entries.map((entry) => entry.event.requestId)).toEqual([clairesRequest.id]);
		const firm = await feed(users.claire, 'firm');
		expect(firm.entries).toHaveLength(4);
		// Her own edit is not news: staff changes are not what clients did.
		expect(firm.entries.every((entry) => entry.event.actor.role === 'client')).toBe(true);
		await expect(feed(users.paul, 'firm')).rejects.toMatchObject({ status: 403 });
	});

	it('shows nothing of others’ tasks to a collaborator not assigned', async () => {
		const marc = await server.navette.store.createUser({
			firmId: users.paul.firmId,
			email: 'marc.petit@cabinet-martin.fr',
			name: 'Marc Petit',
			role: 'collaborator',
			clientId: null,
			passwordHash: 'x'
		});
		const news = await feed(marc);
		expect(news.entries).toEqual([]);
		expect(news.unread).toBe(0);
	});

	it('marks news read one by one or all, per staff member', async () => {
		const runtime = server.navette.runtime;
		const mine = await feed(users.paul);
		const first = mine.entries[0]!.event.id;
		expect(
			await markNewsRead(runtime, asSession(users.paul), { ids: [first], scope: 'mine' })
		).toBe(2);
		const after = await feed(users.paul);
		expect(after.entries.find((entry) => entry.event.id === first)!.read).toBe(true);
		expect(await markNewsRead(runtime, asSession(users.paul), { all: true, scope: 'mine' })).toBe(
			0
		);
		expect((await feed(users.paul)).entries.every((entry) => entry.read)).toBe(true);
		// Claire's marks are her own.
		expect((await feed(users.claire, 'firm')).unread).toBe(4);
	});
});

describe('the timeline’s client part', () => {
	it('shows Sophie her request’s steps, the firm’s as « Le cabinet », and reminders', async () => {
		const [reminded] = await server.navette.activity.record([
			{
				firmId: users.sophie.firmId,
				clientId: users.sophie.clientId!,
				requestId: clairesRequest.id,
				taskId: clairesRequest.taskId,
				actor: { id: null, name: 'Navette', role: 'system' },
				kind: 'reminded',
				detail: { channel: 'email' }
			}
		]);
		expect(reminded!.kind).toBe('reminded');
		const timeline = await requestTimeline(server.navette.runtime, asSession(users.sophie), {
			clientId: users.sophie.clientId!,
			requestId: clairesRequest.id
		});
		expect(timeline.map((event) => event.kind)).toEqual([
			'opened',
			'comment',
			'edited',
			'reminded'
		]);
		const edit = timeline[2]!;
		expect(edit.actor).toEqual({ id: null, name: FIRM_ACTOR_NAME, role: 'system' });
		expect(timeline[3]!.actor.name).toBe(FIRM_ACTOR_NAME);
		expect(timeline.every((event) => event.taskId === null)).toBe(true);
		expect(JSON.stringify(timeline)).not.toContain(users.claire.id);
	});
});

describe('a client user as an attacker', () => {
	it('cannot open the firm’s activity document', async () => {
		const attempt = connectProvider({
			url: server.url,
			origin: server.origin,
			name: activityDocName(users.sophie.firmId),
			token: await server.tokenFor(DEMO_ACCOUNTS.sophie)
		});
		open.push(attempt);
		await expect(attempt.synced).rejects.toThrow('forbidden');
		expect(attempt.doc.share.size).toBe(0);
	});

	it('cannot read the feed, mark anything read, nor another client’s timeline', async () => {
		const runtime = server.navette.runtime;
		await expect(feed(users.sophie)).rejects.toMatchObject({ status: 403 });
		await expect(
			markNewsRead(runtime, asSession(users.sophie), { all: true, scope: 'mine' })
		).rejects.toMatchObject({ status: 403 });
		await expect(unreadNews(runtime, asSession(users.sophie))).rejects.toMatchObject({
			status: 403
		});
		const alterCe = { clientId: users.sophie.clientId!, requestId: paulsRequest.id };
		await expect(requestTimeline(runtime, asSession(users.jean), alterCe)).rejects.toMatchObject({
			status: 404
		});
		await expect(requestTimeline(runtime, null, alterCe)).rejects.toMatchObject({ status: 404 });
	});
});
