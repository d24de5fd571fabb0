import { fail, redirect } from '@sveltejs/kit';
import { adminOnly } from '$lib/server/access';
import {
	deleteTemplate,
	listTemplates,
	saveTemplate,
	templateData
} from '$lib/server/recurring/templates';

/** « Modèles de demandes »: the firm's templates, edited by its administrators. */
export async function load({ locals, url }) {
	adminOnly(locals.user);
	const templates = (await listTemplates(locals.runtime, locals.user)).map(templateData);
	const selected = url.searchParams.get('modele');
	return {
		templates,
		selected:
			selected === 'nouveau' ? 'nouveau' : (templates.find((t) => t.id === selected)?.id ?? null)
	};
}

/** The form's fields as a template: `name`, then `items.<n>.title|description|dueOffsetDays`. */
function templateInput(form: FormData): { name: string; items: Record<string, string>[] } {
	const items: Record<string, string>[] = [];
	for (const [key, value] of form) {
		const match = /^items\.(\d+)\.(title|description|dueOffsetDays)$/.exec(key);
		if (!match || typeof value !== 'string') continue;
		(items[Number(match[1])] ??= {})[match[2]!] = value;
	}
	return { name: String(form.get('name') ?? ''), items: items.filter(Boolean) };
}

export const actions = {
	save: async ({ locals, request }) => {
		const form = await request.formData();
		const id = String(form.get('id') ?? '') || null;
		const input = templateInput(form);
		const result = await saveTemplate(locals.runtime, locals.user, id, input);
		if (!result.ok) return fail(400, { input, errors: result.errors });
		redirect(303, `/cabinet/modeles?modele=${result.template.id}`);
	},
	delete: async ({ locals, request }) => {
		const form = await request.formData();
		await deleteTemplate(locals.runtime, locals.user, String(form.get('id') ?? ''));
		redirect(303, '/cabinet/modeles');
	}
};
