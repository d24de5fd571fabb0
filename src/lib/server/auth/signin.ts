import { isLinkSecret } from '../../domain/invitations.ts';
import {
	SIGNIN_LINK_MESSAGES,
	SIGNIN_LINK_TTL_MS,
	signinLinkState,
	type SigninLinkState
} from '../../domain/signin-links.ts';
import { audit, auditEntry } from '../audit.ts';
import type { Runtime } from '../runtime.ts';
import type { NewAuditEntry, NewSigninLinkRecord, SigninLink, User } from '../store/Store.ts';
import { logout } from './logout.ts';
import { startSession, type SessionUser } from './sessions.ts';
import { newSigninLink } from './signin-link.ts';
import { digest } from './tokens.ts';

// Reminders' sign-in links (issue 13, item 3): issued for the reminders, opened by a page that
// only shows who it is for (GET creates nothing: mail scanners and a second device open links
// too), and used by that page's button, which opens a client session. Secrets are never stored
// nor logged: the store keys links by SHA-256, and nothing here prints a secret or its URL.

/** What a reminder carries: the link to put in the e-mail, and until when it works. */
export interface IssuedSigninLink {
	url: string;
	expiresAt: string;
}

/**
 * Makes a sign-in link for an active client contact, for the reminders to put in their e-mail;
 * audited as `signin-link.issue` by `by` (null: the scheduler). The contact's other links keep
 * working. Null for anyone else (unknown, deactivated, staff): a staff member never gets one.
 * `now` and `ttlMs` let tests and the scheduler's clock decide the validity.
 */
export async function issueSigninLink(
	rt: Pick<Runtime, 'store' | 'origin'>,
	contactId: string,
	options: SigninLinkOptions = {}
): Promise<IssuedSigninLink | null> {
	const contact = await rt.store.getUser(contactId);
	if (!contact || contact.role !== 'client' || contact.disabledAt) return null;
	const { record, audit: entry, issued } = signinLinkIssue(rt.origin, contact, options);
	await rt.store.createSigninLink(record);
	await rt.store.appendAudit(entry);
	return issued;
}

export interface SigninLinkOptions {
	by?: string | null;
	now?: number;
	ttlMs?: number;
}

/** A link issued to `contact`, not yet stored: its record, its audit entry, what the e-mail shows. */
export interface SigninLinkIssue {
	record: NewSigninLinkRecord;
	audit: NewAuditEntry;
	issued: IssuedSigninLink;
}

/**
 * What {@link issueSigninLink} writes, for a caller that writes it together with the e-mail
 * carrying it (the reminders' digests: `Store.addReminders`, which also checks the contact is
 * still an active client). A SHA-256 of 256 random bits: microseconds, no slow hash needed.
 */
export function signinLinkIssue(
	origin: string,
	contact: Pick<User, 'id' | 'firmId'>,
	options: SigninLinkOptions = {}
): SigninLinkIssue {
	const link = newSigninLink(
		origin,
		options.now ?? Date.now(),
		options.ttlMs ?? SIGNIN_LINK_TTL_MS
	);
	const by = options.by ?? null;
	return {
		record: { id: link.id, userId: contact.id, createdBy: by, expiresAt: link.expiresAt },
		audit: auditEntry({ firmId: contact.firmId, id: by }, 'signin-link.issue', contact.id),
		issued: { url: link.url, expiresAt: link.expiresAt }
	};
}

/** The page's answer: for whom the link is, or why it opens nothing (`limited`: too many tries). */
export type SigninLinkView =
	| { state: 'valid'; message: null; firmName: string; contactName: string }
	| {
			state: Exclude<SigninLinkState, 'valid'> | 'limited';
			message: string;
			firmName: '';
			contactName: '';
	  };

type Rt = Pick<Runtime, 'store' | 'signinLinkFailures'>;

/**
 * Reads a link for its page without using it. A link that opens nothing counts against the
 * source address, as a failed login does (unless `counted`: the page shown after its own form
 * was refused, which {@link signInWithLink} counted already); past the limit every link answers
 * `limited`.
 */
export async function inspectSigninLink(
	rt: Rt,
	secret: string,
	input: { address: string; now?: number; counted?: boolean }
): Promise<SigninLinkView> {
	const now = input.now ?? Date.now();
	const checked = await checkLink(rt, secret, input.address, now, !input.counted);
	if (checked.state !== 'valid') return refusal(checked.state, checked.message);
	const firm = await rt.store.getFirm(checked.user.firmId);
	return {
		state: 'valid',
		message: null,
		firmName: firm?.name ?? '',
		contactName: checked.user.name
	};
}

export type SigninResult =
	| { ok: true; user: User; token: string; expires: Date }
	| { ok: false; status: 400 | 429; state: SigninLinkView['state']; message: string };

/**
 * Opens a client session for the link's contact (the button of the page), recording the use
 * (`usedAt`) without ending the link; audited as `signin-link.use` by the contact. A session
 * the browser already had (someone else's, perhaps) is ended first. Refusals count against the
 * source address, as {@link inspectSigninLink}'s do.
 */
export async function signInWithLink(
	rt: Rt & Pick<Runtime, 'closeSessionConnections'>,
	secret: string,
	input: {
		address: string;
		now?: number;
		previous?: { user: SessionUser | null; cookie: string | undefined };
	}
): Promise<SigninResult> {
	const now = input.now ?? Date.now();
	const checked = await checkLink(rt, secret, input.address, now, true);
	if (checked.state !== 'valid') {
		const status = checked.state === 'limited' ? 429 : 400;
		return { ok: false, status, state: checked.state, message: checked.message };
	}
	const { link, user } = checked;
	if (input.previous) await logout(rt, input.previous.user, input.previous.cookie);
	await rt.store.recordSigninLinkUse(link.id, new Date(now).toISOString());
	const { token, expires } = await startSession(rt.store, user.id, now);
	await audit(rt.store, user, 'signin-link.use', user.id);
	return { ok: true, user, token, expires };
}

type Checked =
	| { state: 'valid'; link: SigninLink; user: User }
	| { state: Exclude<SigninLinkState, 'valid'> | 'limited'; message: string };

async function checkLink(
	rt: Rt,
	secret: string,
	address: string,
	now: number,
	countFailure: boolean
): Promise<Checked> {
	const limiter = rt.signinLinkFailures.byAddress;
	const wait = await limiter.retryAfter(address);
	if (wait > 0) return { state: 'limited', message: tooManyTries(wait) };
	const link = isLinkSecret(secret) ? await rt.store.getSigninLink(digest(secret)) : null;
	const user = link ? await rt.store.getUser(link.userId) : null;
	const state = signinLinkState(link, user, now);
	if (state === 'valid' && link && user) return { state, link, user };
	if (countFailure) await limiter.fail(address);
	const refused = state === 'valid' ? 'unknown' : state;
	return { state: refused, message: SIGNIN_LINK_MESSAGES[refused] };
}

function tooManyTries(waitMs: number): string {
	const minutes = Math.ceil(waitMs / 60_000);
	return `Trop de tentatives avec des liens de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}, ou connectez-vous avec votre mot de passe.`;
}

function refusal(state: Exclude<Checked['state'], 'valid'>, message: string): SigninLinkView {
	return { state, message, firmName: '', contactName: '' };
}
