import { isId } from '../domain/ids.ts';

/** Who runs a command: the signed-in user, as known to the store. */
export interface Actor {
	id: string;
	name: string;
}

/**
 * The origin every command passes to `doc.transact`. A plain object rather than a class instance
 * so that it can be logged, compared and recognised across bundles; observers use it to tell a
 * local command from a remote or persisted update (whose origin is the provider or the store).
 */
export interface CommandOrigin {
	readonly command: string;
	readonly actorId: string;
}

/** True when a transaction origin was produced by a command of this layer. */
export function isCommandOrigin(origin: unknown): origin is CommandOrigin {
	if (typeof origin !== 'object' || origin === null) return false;
	const { command, actorId } = origin as Record<string, unknown>;
	return typeof command === 'string' && typeof actorId === 'string';
}

/** The origin of `command` run by `actor`. */
export function commandOrigin(command: string, actor: Actor): CommandOrigin {
	return { command, actorId: actor.id };
}

/** Validation message for a malformed actor, or `null` when the actor may write. */
export function actorError(actor: unknown): string | null {
	if (typeof actor !== 'object' || actor === null) return 'Utilisateur inconnu.';
	const { id, name } = actor as Record<string, unknown>;
	if (!isId(id) || typeof name !== 'string' || name.trim() === '') return 'Utilisateur inconnu.';
	return null;
}
