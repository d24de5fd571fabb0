import type {
	AuditEntry,
	Client,
	Firm,
	Session,
	SigninLink,
	StoredFile,
	User,
	UserLink
} from './Store.ts';
import type { EventActorRole, RequestEvent } from '../../domain/activity.ts';
import { VAT_REGIMES, type VatRegime } from '../../domain/clients.ts';
import { isRole, type Role } from '../../domain/roles.ts';

/**
 * A row as node:sqlite returns it (snake_case columns on a null-prototype object), or as
 * `PostgresDatabase` does, instants and bigints as text. The mappers below
 * copy it field by field, so that callers get exactly the contract's shape.
 */
export type Row = Record<string, unknown>;

const text = (value: unknown): string => String(value);
const nullableText = (value: unknown): string | null => (value == null ? null : String(value));

function role(value: unknown): Role {
	if (!isRole(value)) throw new TypeError(`Unknown role in the database: ${String(value)}`);
	return value;
}

export function toFirm(row: Row): Firm {
	return { id: text(row.id), name: text(row.name), createdAt: text(row.created_at) };
}

export function toUser(row: Row): User {
	return {
		id: text(row.id),
		firmId: text(row.firm_id),
		email: text(row.email),
		name: text(row.name),
		role: role(row.role),
		clientId: nullableText(row.client_id),
		passwordHash: text(row.password_hash),
		disabledAt: nullableText(row.disabled_at),
		lastLoginAt: nullableText(row.last_login_at),
		createdAt: text(row.created_at)
	};
}

function vatRegime(value: unknown): VatRegime | null {
	if (value == null) return null;
	const regime = VAT_REGIMES.find((r) => r === value);
	if (!regime) throw new TypeError(`Unknown VAT regime in the database: ${String(value)}`);
	return regime;
}

export function toClient(row: Row): Client {
	return {
		id: text(row.id),
		firmId: text(row.firm_id),
		name: text(row.name),
		siren: nullableText(row.siren),
		closingDate: text(row.closing_date),
		vatRegime: vatRegime(row.vat_regime),
		managerId: nullableText(row.manager_id),
		vatDueDay: row.vat_due_day == null ? null : Number(row.vat_due_day),
		archivedAt: nullableText(row.archived_at),
		createdAt: text(row.created_at)
	};
}

export function toSession(row: Row): Session {
	return {
		id: text(row.id),
		userId: text(row.user_id),
		createdAt: text(row.created_at),
		expiresAt: text(row.expires_at),
		lastSeenAt: text(row.last_seen_at)
	};
}

export function toFile(row: Row): StoredFile {
	return {
		id: text(row.id),
		firmId: text(row.firm_id),
		clientId: text(row.client_id),
		requestId: nullableText(row.request_id),
		sha256: text(row.sha256),
		size: Number(row.size),
		mime: text(row.mime),
		name: text(row.name),
		gedPath: text(row.ged_path),
		uploadedBy: text(row.uploaded_by),
		createdAt: text(row.created_at)
	};
}

export function toAudit(row: Row): AuditEntry {
	return {
		id: Number(row.id),
		firmId: nullableText(row.firm_id),
		userId: nullableText(row.user_id),
		action: text(row.action),
		target: nullableText(row.target),
		detail: nullableText(row.detail),
		at: text(row.at)
	};
}

/**
 * A BLOB column as the contract's plain `Uint8Array`. node:sqlite already returns one that owns its
 * buffer, so it is passed through (no copy of a 1 MiB update); anything else (a Buffer subclass, a
 * view) is copied, because `toEqual` and structured clones treat those differently.
 */
export function toBytes(value: unknown): Uint8Array {
	if (!(value instanceof Uint8Array)) throw new TypeError('Expected a BLOB');
	const plain =
		Object.getPrototypeOf(value) === Uint8Array.prototype &&
		value.byteOffset === 0 &&
		value.byteLength === value.buffer.byteLength;
	return plain ? value : new Uint8Array(value);
}

export function toLink(row: Row): UserLink {
	const purpose = text(row.purpose);
	if (purpose !== 'invite' && purpose !== 'reset') {
		throw new TypeError(`Unknown link purpose in the database: ${purpose}`);
	}
	return {
		id: text(row.id),
		userId: text(row.user_id),
		purpose,
		createdBy: nullableText(row.created_by),
		createdAt: text(row.created_at),
		expiresAt: text(row.expires_at),
		usedAt: nullableText(row.used_at),
		revokedAt: nullableText(row.revoked_at)
	};
}

export function toSigninLink(row: Row): SigninLink {
	return {
		id: text(row.id),
		userId: text(row.user_id),
		createdBy: nullableText(row.created_by),
		createdAt: text(row.created_at),
		expiresAt: text(row.expires_at),
		usedAt: nullableText(row.used_at),
		revokedAt: nullableText(row.revoked_at)
	};
}

function actorRole(value: unknown): EventActorRole {
	if (value === 'system') return value;
	return role(value);
}

function detailOf(value: unknown): Record<string, unknown> {
	const parsed: unknown = JSON.parse(text(value));
	return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
		? (parsed as Record<string, unknown>)
		: {};
}

export function toRequestEvent(row: Row): RequestEvent {
	return {
		id: text(row.id),
		seq: Number(row.seq),
		firmId: text(row.firm_id),
		clientId: text(row.client_id),
		requestId: text(row.request_id),
		taskId: nullableText(row.task_id),
		actor: {
			id: nullableText(row.actor_id),
			name: text(row.actor_name),
			role: actorRole(row.actor_role)
		},
		kind: text(row.kind),
		detail: detailOf(row.detail),
		at: text(row.at)
	};
}
