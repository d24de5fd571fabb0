import { Hocuspocus } from '@hocuspocus/server';
import crossws from 'crossws/adapters/node';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FileVault } from '../src/lib/server/files/FileVault.ts';
import { clamdScanner } from '../src/lib/server/files/scanner.ts';
import type { Store } from '../src/lib/server/store/Store.ts';
import { openStore } from '../src/lib/server/store/index.ts';
import { smtpMailer } from '../src/lib/server/mail/Mailer.ts';
import { Outbox } from '../src/lib/server/mail/outbox.ts';
import { systemClock, type Clock } from '../src/lib/server/jobs/clock.ts';
import { purgeJob } from '../src/lib/server/jobs/purge.ts';
import { recurringJob, runRecurringPass } from '../src/lib/server/recurring/pass.ts';
import { planRemindersNow, reminderJobs } from '../src/lib/server/reminders/pass.ts';
import { Scheduler, type JobDefinition } from '../src/lib/server/jobs/Scheduler.ts';
import {
	createLoginLimiters,
	createResetLimiters,
	createSigninLinkLimiters,
	clearRuntime,
	setRuntime,
	type Runtime
} from '../src/lib/server/runtime.ts';
import type { Config } from './config.ts';
import { Activity } from './extensions/Activity.ts';
import { Auth } from './extensions/Auth.ts';
import { Guard } from './extensions/Guard.ts';
import { isReadOnlyAwareness } from './extensions/messages.ts';
import { Overview } from './extensions/Overview.ts';
import { Persistence } from './extensions/Persistence.ts';
import { WarmDocuments } from './extensions/WarmDocuments.ts';
import { SessionConnections } from './session-connections.ts';
import { MessageRate, RATE_LIMITED } from '../src/lib/server/message-rate.ts';
import { seedDemo } from './seed.ts';
import { serverDocuments } from './server-documents.ts';
import { MergeWorker } from './MergeWorker.ts';
import { Cluster, type ClusterSignal } from './cluster.ts';

/** The HTTP side: SvelteKit's adapter-node handler (or nothing, in integration tests). */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface Navette {
	store: Store;
	hocuspocus: Hocuspocus;
	/** Keeps the firms' overviews; `overview.settled()` waits for its background work. */
	overview: Overview;
	/** Records request events; `activity.record` for events no document shows (reminders). */
	activity: Activity;
	httpServer: Server;
	/** What this instance's HTTP handlers use (tests with several instances call it directly). */
	runtime: Runtime;
	/** Background work (DESIGN §11): jobs and the e-mail outbox, on `clock`. */
	scheduler: Scheduler;
	outbox: Outbox;
	clock: Clock;
	/** Resolves with the bound port (useful with `port: 0`). */
	listen(): Promise<number>;
	/** Closes sync connections, flushes documents, closes the store. */
	close(): Promise<void>;
}

export const COLLAB_PATH = '/collab';
/** Larger frames are refused by the WebSocket layer before any of our code reads them. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * One process, one port (DESIGN §1): pages and uploads over HTTP, and Hocuspocus on WebSocket
 * upgrades at `/collab`, sharing one store.
 */
export async function createNavette(
	config: Config,
	options: {
		handler?: HttpHandler;
		log?: (line: string) => void;
		/** How long firm documents stay loaded after their last browser left (tests shorten it). */
		warmIdleMs?: number;
		/** The time background work reads (tests pass a `ManualClock`). */
		clock?: Clock;
		/** Job kinds beyond the built-in ones (tests). */
		jobs?: JobDefinition[];
		/**
		 * The daily reminder pass (on unless false): tests of other background work turn it off,
		 * so that the demo firm's reminders stay out of their outbox.
		 */
		reminders?: boolean;
		/**
		 * The recurring rules' daily job and pass at start (default on); off for tests of what a
		 * pass would change (it opens the firm's tasks document, which then stays warm).
		 */
		recurring?: boolean;
	} = {}
): Promise<Navette> {
	const log = options.log ?? ((line: string) => console.log(line));
	const sessions = new SessionConnections();
	// Redis first: an instance that cannot reach it must not start, and has nothing to close yet.
	const cluster = config.redisUrl
		? await Cluster.connect(config.redisUrl, config.redisPrefix, (signal) => sessions.end(signal))
		: null;
	let store: Store;
	try {
		store = await openStore({
			dataDir: config.dataDir,
			databaseUrl: config.databaseUrl ?? undefined
		});
	} catch (error) {
		await cluster?.close();
		throw error;
	}
	if (config.seed === 'demo' && (await store.isEmpty())) {
		for (const line of await seedDemo(store, (options.clock ?? systemClock).now())) log(line);
	}

	/** Here at once, and on the other instances through Redis. */
	const endConnections = (signal: ClusterSignal) => {
		sessions.end(signal);
		cluster?.publish(signal).catch((error) => {
			console.error('Cannot tell the other instances to close connections', error);
		});
	};
	const merges = new MergeWorker();
	const persistence = new Persistence(store, { merge: merges.merge });
	const overview = new Overview(store);
	const activity = new Activity(store);
	const warm = new WarmDocuments({ idleMs: options.warmIdleMs });
	const hocuspocus = new Hocuspocus({
		name: 'navette',
		quiet: true,
		debounce: 2000,
		maxDebounce: 10_000,
		extensions: [
			...(cluster ? [cluster.extension] : []),
			new Auth(store, config.sessionSecret),
			new Guard(store),
			sessions,
			persistence,
			overview,
			activity,
			warm
		]
	});
	const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : null;
	const clock = options.clock ?? systemClock;
	const scheduler = new Scheduler({ store, clock, log });
	const outbox = new Outbox({ store, mailer, clock, log, wake: (at) => scheduler.wake(at) });
	scheduler.define(purgeJob(store, log));
	for (const job of options.jobs ?? []) scheduler.define(job);
	scheduler.addDrain(outbox);
	const runtime: Runtime = {
		store,
		origin: config.origin,
		sessionSecret: config.sessionSecret,
		secureCookies: config.origin.startsWith('https:'),
		loginFailures: createLoginLimiters(cluster?.limiter),
		closeSessionConnections: (id) => endConnections({ kind: 'session', id }),
		documents: serverDocuments(hocuspocus, persistence),
		files: new FileVault(join(config.dataDir, 'files')),
		maxUploadBytes: config.maxUploadBytes,
		scanner: config.clamdUrl ? clamdScanner(config.clamdUrl) : null,
		closeUserConnections: (id) => endConnections({ kind: 'user', id }),
		mailer,
		resetRequests: createResetLimiters(cluster?.limiter),
		signinLinkFailures: createSigninLinkLimiters(cluster?.limiter),
		outbox,
		scheduler
	};
	const reminders = options.reminders ?? true;
	if (reminders) for (const job of reminderJobs(runtime, log)) scheduler.define(job);
	setRuntime(runtime);
	if (options.recurring ?? true) {
		const recurring = { store, documents: runtime.documents, log };
		scheduler.define(recurringJob(recurring));
		// The recurring rules' catch-up, awaited so that the first page already lists what is due
		// (every instance runs it; the claims make each task once). Its daily job retries a failure.
		await runRecurringPass(recurring, clock.now()).catch((error: unknown) => {
			log(`Missions récurrentes: the pass at start failed: ${String(error)}`);
		});
	}
	// Its first pass runs what fell due while the deployment was down.
	scheduler.start();
	// Today's reminder passes, at once if their hour has passed (not at the next hourly plan).
	if (reminders) {
		planRemindersNow(runtime).catch((error: unknown) => {
			log(`Reminders: cannot plan today's passes: ${String(error)}`);
		});
	}

	const rate = new MessageRate();
	const ws = crossws({
		serverOptions: { maxPayload: MAX_FRAME_BYTES },
		hooks: {
			upgrade: (request) => {
				if (request.headers.get('origin') !== config.origin) {
					return new Response('Origine refusée', { status: 403 });
				}
			},
			open: (peer) => {
				peer.context.hocuspocus = hocuspocus.handleConnection(
					peer.websocket as WebSocket,
					peer.request
				);
			},
			message: (peer, message) => {
				if (!rate.take(peer)) {
					peer.close(RATE_LIMITED.code, RATE_LIMITED.reason);
					return;
				}
				const bytes = message.uint8Array();
				if (isReadOnlyAwareness(bytes)) return;
				connectionOf(peer.context).handleMessage(bytes);
			},
			close: (peer, event) => {
				connectionOf(peer.context).handleClose({
					code: event.code ?? 1000,
					reason: event.reason ?? ''
				});
			}
		}
	});

	const handler = options.handler ?? notFound;
	const httpServer = createServer((req, res) => handler(req, res, () => notFound(req, res)));
	httpServer.on('upgrade', (req, socket, head) => {
		if (new URL(req.url ?? '/', 'http://x').pathname !== COLLAB_PATH) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
			return;
		}
		ws.handleUpgrade(req, socket, head).catch(() => socket.destroy());
	});

	let closing: Promise<void> | null = null;
	return {
		store,
		hocuspocus,
		overview,
		activity,
		httpServer,
		runtime,
		scheduler,
		outbox,
		clock,
		listen: () =>
			new Promise((resolve, reject) => {
				httpServer.once('error', reject);
				httpServer.listen(config.port, config.host, () => {
					resolve((httpServer.address() as AddressInfo).port);
				});
			}),
		close: () => (closing ??= shutdown())
	};

	async function shutdown(): Promise<void> {
		const stopped = new Promise((resolve) => httpServer.close(resolve));
		httpServer.closeAllConnections();
		hocuspocus.closeConnections();
		ws.closeAll(1001, 'Server shutting down', true);
		// Before what jobs use (documents, mailer, store); a send under way finishes first.
		await scheduler.stop();
		// Pending overview mirrors are written and logged before the store closes; what is cut
		// short here is reconciled at the next load anyway.
		await overview.close();
		await activity.close();
		await warm.close();
		await persistence.close();
		await flushDocuments(hocuspocus);
		await cluster?.close();
		await stopped;
		await merges.close();
		clearRuntime(runtime);
		mailer?.close();
		await store.close();
	}
}

type HocuspocusConnection = ReturnType<Hocuspocus['handleConnection']>;

function connectionOf(context: Record<string, unknown>): HocuspocusConnection {
	return context.hocuspocus as HocuspocusConnection;
}

/** Runs every pending compaction now; the log already holds every edit, so this only saves work. */
async function flushDocuments(hocuspocus: Hocuspocus): Promise<void> {
	const stores = [...hocuspocus.documents.values()].map((document) =>
		hocuspocus.hooks('onStoreDocument', {
			instance: hocuspocus,
			clientsCount: 0,
			document,
			documentName: document.name,
			lastContext: {},
			lastTransactionOrigin: undefined
		})
	);
	await Promise.allSettled(stores);
}

function notFound(_req: IncomingMessage, res: ServerResponse): void {
	res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
	res.end('Introuvable');
}
