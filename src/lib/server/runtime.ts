import type * as Y from 'yjs';
import type { Store } from './store/Store.ts';
import { FailureLimiter, type Limiter } from './auth/rate-limit.ts';
import type { FileVault } from './files/FileVault.ts';
import type { Scanner } from './files/scanner.ts';
import type { Scheduler } from './jobs/Scheduler.ts';
import type { Mailer } from './mail/Mailer.ts';
import type { Outbox } from './mail/outbox.ts';

/**
 * The server's own access to live Yjs documents, for HTTP handlers that must read or change one
 * (an upload records its document reference on the request). Goes through Hocuspocus, so that
 * connected browsers see the change at once and the change is logged like any other.
 */
export interface ServerDocuments {
	read<T>(name: string, read: (doc: Y.Doc) => T): Promise<T>;
	/** Resolves once the change is durably stored. */
	change<T>(name: string, write: (doc: Y.Doc) => T): Promise<T>;
}

/**
 * What the SvelteKit handlers share with the Node entry that created them: one store, one secret,
 * one set of live sync connections. The entry (`server/`) builds it before serving; `handle`
 * (src/hooks.server.ts) reads it once per request through `runtime()` and hands it to the
 * handlers as `event.locals.runtime`, which they pass to the services. It travels on `globalThis`
 * because in `npm run dev` Vite loads the handlers through its own module graph, apart from the
 * entry's.
 */
export interface Runtime {
	store: Store;
	/** Public URL of the app, e.g. `http://localhost:3000`; the only `Origin` accepted on writes. */
	origin: string;
	sessionSecret: string;
	/** Cookies get `Secure` when the app is served over https. */
	secureCookies: boolean;
	loginFailures: { byEmail: Limiter; byAddress: Limiter };
	/** Closes every sync connection opened under that session (logout, deactivation). */
	closeSessionConnections(sessionId: string): void;
	documents: ServerDocuments;
	files: FileVault;
	maxUploadBytes: number;
	/** Scans each deposit before it is kept, when one is configured. */
	scanner: Scanner | null;
	/** Closes every sync connection of that user, whatever the session (deactivation). */
	closeUserConnections(userId: string): void;
	/** Sends invitations and password resets; null without `SMTP_URL` (links are shown instead). */
	mailer: Mailer | null;
	/** Password-reset requests per e-mail and per source, so that nobody is flooded with mail. */
	resetRequests: { byEmail: Limiter; byAddress: Limiter };
	/** Every e-mail to send goes here first; without `SMTP_URL` it is kept for the « Boîte d'envoi ». */
	outbox: Outbox;
	/** Background jobs (enqueue by key; each runs once per deployment). */
	scheduler: Scheduler;
	/** Sign-in links that opened nothing, per source: guessing or replaying links gets a wait. */
	signinLinkFailures: { byAddress: Limiter };
}

const KEY = Symbol.for('navette.runtime');

type Holder = { [KEY]?: Runtime };

export function setRuntime(runtime: Runtime | undefined): void {
	(globalThis as Holder)[KEY] = runtime;
}

/** Forgets `runtime` if it is the current one (another instance in the same process may own it). */
export function clearRuntime(runtime: Runtime): void {
	const holder = globalThis as Holder;
	if (holder[KEY] === runtime) holder[KEY] = undefined;
}

export function runtime(): Runtime {
	const current = (globalThis as Holder)[KEY];
	if (!current) throw new Error('Navette runtime not started: run the app through server/index.ts');
	return current;
}

export function hasRuntime(): boolean {
	return (globalThis as Holder)[KEY] !== undefined;
}

/** Makes one named limiter: in memory by default, shared through Redis by several instances. */
export type LimiterFactory = (name: string, max: number, windowMs: number) => Limiter;

const inMemory: LimiterFactory = (_name, max, windowMs) => new FailureLimiter(max, windowMs);

/** Three reset e-mails per address and ten requests per source in an hour. */
export function createResetLimiters(make: LimiterFactory = inMemory): Runtime['resetRequests'] {
	return {
		byEmail: make('reset-email', 3, 3600_000),
		byAddress: make('reset-address', 10, 3600_000)
	};
}

/** Five failures per address and twenty per source in 15 minutes, then a wait. */
export function createLoginLimiters(make: LimiterFactory = inMemory): Runtime['loginFailures'] {
	return {
		byEmail: make('login-email', 5, 15 * 60_000),
		byAddress: make('login-address', 20, 15 * 60_000)
	};
}

/** Twenty sign-in links that open nothing per source in 15 minutes, then a wait. */
export function createSigninLinkLimiters(
	make: LimiterFactory = inMemory
): Runtime['signinLinkFailures'] {
	return { byAddress: make('signin-link-address', 20, 15 * 60_000) };
}
