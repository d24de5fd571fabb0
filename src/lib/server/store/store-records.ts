import type { NewRequestEvent } from '../../domain/activity.ts';
import { DEFAULT_CLOSING_DATE } from '../../domain/clients.ts';
import type {
	Client,
	Firm,
	NewClient,
	NewFile,
	NewUser,
	NewSigninLinkRecord,
	NewUserLink,
	Session,
	SigninLink,
	StoredFile,
	User,
	UserLink
} from './Store.ts';
import { isoInstant, normaliseEmail, nowIso } from './store-rules.ts';

/**
 * The records a store writes, made from what callers give: ids generated when absent, e-mails
 * normalised, timestamps canonical, defaults filled in. Shared by every implementation, so that
 * what SQLite and PostgreSQL store and return is the same by construction.
 */

export function newFirm(input: { id?: string; name: string }): Firm {
	return { id: input.id ?? crypto.randomUUID(), name: input.name, createdAt: nowIso() };
}

export function newUser(input: NewUser): User {
	return {
		id: input.id ?? crypto.randomUUID(),
		firmId: input.firmId,
		email: normaliseEmail(input.email),
		name: input.name,
		role: input.role,
		clientId: input.clientId,
		passwordHash: input.passwordHash,
		disabledAt: null,
		lastLoginAt: null,
		createdAt: nowIso()
	};
}

export function newClient(input: NewClient): Client {
	return {
		id: input.id ?? crypto.randomUUID(),
		firmId: input.firmId,
		name: input.name,
		siren: input.siren ?? null,
		closingDate: input.closingDate ?? DEFAULT_CLOSING_DATE,
		vatRegime: input.vatRegime ?? null,
		managerId: input.managerId ?? null,
		vatDueDay: input.vatDueDay ?? null,
		archivedAt: null,
		createdAt: nowIso()
	};
}

export function newSession(input: { id: string; userId: string; expiresAt: string }): Session {
	const at = nowIso();
	return {
		id: input.id,
		userId: input.userId,
		createdAt: at,
		expiresAt: isoInstant(input.expiresAt),
		lastSeenAt: at
	};
}

export function newLink(input: NewUserLink): UserLink {
	return {
		...input,
		expiresAt: isoInstant(input.expiresAt),
		createdAt: nowIso(),
		usedAt: null,
		revokedAt: null
	};
}

export function newSigninLink(input: NewSigninLinkRecord): SigninLink {
	return {
		id: input.id,
		userId: input.userId,
		createdBy: input.createdBy,
		expiresAt: isoInstant(input.expiresAt),
		createdAt: nowIso(),
		usedAt: null,
		revokedAt: null
	};
}

export function newFile(input: NewFile): StoredFile {
	return {
		id: input.id ?? crypto.randomUUID(),
		firmId: input.firmId,
		clientId: input.clientId,
		requestId: input.requestId,
		sha256: input.sha256,
		size: input.size,
		mime: input.mime,
		name: input.name,
		gedPath: input.gedPath,
		uploadedBy: input.uploadedBy,
		createdAt: nowIso()
	};
}

/** An event as stored, before the database gives it its `seq`. */
export function newRequestEvent(input: NewRequestEvent): Omit<NewRequestEvent, 'id' | 'at'> & {
	id: string;
	at: string;
} {
	return {
		...input,
		id: input.id ?? crypto.randomUUID(),
		at: input.at ? isoInstant(input.at) : nowIso()
	};
}
