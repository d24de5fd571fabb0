import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** The impacts that fail a page (issue 14): « moderate » and « minor » are left to review. */
const FAILING = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it stands (every rule axe enables by default, and WCAG 2.2 AA's
 * target size, which it leaves off) and fails on any serious or critical violation, listing for each its rule, its
 * impact, what it asks for and the elements at fault, so that the failure reads without a trace.
 * The failure is soft: the test goes on to its next pages, and one run lists every page at fault.
 * `name` says which page or state was checked, in the report and the failure.
 */
export async function expectNoSeriousA11yViolations(page: Page, name: string): Promise<void> {
	await test.step(`axe: ${name}`, async () => {
		// A frame sandboxed without scripts (an e-mail shown as its recipient reads it) cannot run
		// axe, and waiting for it stalls the run: its content is not the app's, it is left out.
		const { violations } = await new AxeBuilder({ page })
			.exclude('iframe[sandbox=""]')
			.options({ rules: { 'target-size': { enabled: true } } })
			.analyze();
		const failing = violations
			.filter((violation) => FAILING.has(violation.impact ?? ''))
			.map(
				(violation) =>
					`${violation.id} (${violation.impact}): ${violation.help}\n` +
					violation.nodes.map((node) => `    at ${node.target.join(' ')}`).join('\n')
			);
		expect
			.soft(failing, `serious or critical axe violations on ${name} (${page.url()})`)
			.toEqual([]);
	});
}
