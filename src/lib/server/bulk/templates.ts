import { DEFAULT_TEMPLATES, type RequestTemplate } from '../../domain/request-templates.ts';
import type { Runtime } from '../runtime.ts';

/**
 * The firm's « Modèles de demandes ». For now the French defaults every firm starts with; once
 * templates are stored per firm (editable by administrators) this is the one place to re-point.
 */
export async function firmTemplates(
	_rt: Pick<Runtime, 'store'>,
	_firmId: string
): Promise<readonly RequestTemplate[]> {
	return DEFAULT_TEMPLATES;
}
