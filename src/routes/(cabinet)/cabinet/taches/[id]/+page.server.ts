import { listTemplates, templateData } from '$lib/server/recurring/templates';

/** The firm's « Modèles de demandes », for « Appliquer un modèle ». */
export async function load({ locals }) {
	return { templates: (await listTemplates(locals.runtime, locals.user)).map(templateData) };
}
