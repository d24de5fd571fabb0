import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A form posted with `use:enhance` that says it is working: `pending` while the answer is on its
 * way, and what the user typed is kept when the answer is a refusal.
 */
export class FormProgress {
	pending = $state(false);

	readonly submit: SubmitFunction = () => {
		this.pending = true;
		return async ({ update }) => {
			await update({ reset: false });
			this.pending = false;
		};
	};
}
