import { error } from '@sveltejs/kit';
import {
	DEFAULT_TEMPLATES,
	validateRequestTemplate,
	type RequestTemplate
} from '../../domain/request-templates.ts';
import { adminOnly, staffOnly } from '../access.ts';
import { audit } from '../audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Runtime } from '../runtime.ts';
import type { Store, StoredTemplate } from '../store/Store.ts';

type Rt = Pick<Runtime, 'store'>;

export type TemplateResult =
	{ ok: true; template: StoredTemplate } | { ok: false; errors: Record<string, string> };

/**
 * The firm's « Modèles de demandes », seeded with the French defaults the first time anyone asks
 * (the store seeds once per firm, so a template deleted later stays deleted).
 */
export async function firmTemplates(store: Store, firmId: string): Promise<StoredTemplate[]> {
	await store.seedRequestTemplates(firmId, DEFAULT_TEMPLATES, new Date().toISOString());
	return store.listRequestTemplates(firmId);
}

/** Every template of the staff member's firm (the task page's « Appliquer un modèle » too). */
export async function listTemplates(rt: Rt, by: SessionUser | null): Promise<StoredTemplate[]> {
	const user = staffOnly(by);
	return firmTemplates(rt.store, user.firmId);
}

async function templateOf(rt: Rt, user: SessionUser, id: string): Promise<StoredTemplate> {
	const template = await rt.store.getRequestTemplate(id);
	if (!template || template.firmId !== user.firmId) error(404, 'Modèle introuvable.');
	return template;
}

/** One template of the firm, or a 404 (another firm's is answered as missing). */
export async function firmTemplate(
	rt: Rt,
	by: SessionUser | null,
	id: string
): Promise<StoredTemplate> {
	return templateOf(rt, staffOnly(by), id);
}

/**
 * Adds (`id` null) or replaces a template from the administrators' form, checked with one French
 * message per field (`name`, `items`, `items.<n>.title`…).
 */
export async function saveTemplate(
	rt: Rt,
	by: SessionUser | null,
	id: string | null,
	input: unknown
): Promise<TemplateResult> {
	const user = adminOnly(by);
	const valid = validateRequestTemplate(input);
	if (!valid.ok) return valid;
	const at = new Date().toISOString();
	if (id === null) {
		await firmTemplates(rt.store, user.firmId);
		const template = await rt.store.createRequestTemplate(user.firmId, valid.value, at);
		await audit(rt.store, user, 'template.create', template.id, template.name);
		return { ok: true, template };
	}
	const current = await templateOf(rt, user, id);
	await rt.store.updateRequestTemplate(current.id, valid.value, at);
	await audit(rt.store, user, 'template.update', current.id, valid.value.name);
	return { ok: true, template: { ...current, ...valid.value, updatedAt: at } };
}

export async function deleteTemplate(rt: Rt, by: SessionUser | null, id: string): Promise<void> {
	const user = adminOnly(by);
	const current = await templateOf(rt, user, id);
	await rt.store.deleteRequestTemplate(current.id);
	await audit(rt.store, user, 'template.delete', current.id, current.name);
}

/** A template as the client side needs it (no store fields). */
export function templateData(template: StoredTemplate): RequestTemplate & { id: string } {
	return { id: template.id, name: template.name, items: template.items };
}
