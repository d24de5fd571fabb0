import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { withTimeout } from '../../../server/with-timeout.ts';

/** The impacts that fail a page (issue 14): « moderate » and « minor » are left to review. */
const FAILING = new Set(['serious', 'critical']);

/**
 * Frames whose content is not the app's and runs no script, so axe cannot run in them and waiting
 * for it stalls the run: an e-mail shown as its recipient reads it (sandboxed by attribute), and a
 * file previewed in the GED (served under a `sandbox` CSP, shown by Chromium's own viewer).
 */
const FOREIGN_FRAMES = ['iframe[sandbox=""]', 'iframe[src$="?apercu"]'];

/** Longer than axe takes on any page here (2–3 s on this machine), well within a test's 30 s. */
const AXE_TIME_LIMIT_MS = 15_000;

/**
 * Runs axe-core on the page as it stands (every rule axe enables by default, and WCAG 2.2 AA's
 * target size, which it leaves off) and fails on any serious or critical violation, listing for each its rule, its
 * impact, what it asks for and the elements at fault, so that the failure reads without a trace.
 * The failure is soft: the test goes on to its next pages, and one run lists every page at fault.
 * `name` says which page or state was checked, in the report and the failure.
 */
export async function expectNoSeriousA11yViolations(page: Page, name: string): Promise<void> {
	await test.step(`axe: ${name}`, async () => {
		const builder = new AxeBuilder({ page }).options({
			rules: { 'target-size': { enabled: true } }
		});
		for (const frame of FOREIGN_FRAMES) builder.exclude(frame);
		// A stall fails by name, with the page's frames, rather than as the whole test's timeout.
		const { violations } = await withTimeout(builder.analyze(), AXE_TIME_LIMIT_MS, () => {
			const frames = page.frames().map((frame) => frame.url());
			return new Error(
				`axe did not finish in ${AXE_TIME_LIMIT_MS} ms; frames: ${frames.join(', ')}`
			);
		});
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
