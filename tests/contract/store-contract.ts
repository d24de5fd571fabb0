import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../src/lib/server/store/Store.ts';
import { accountsContract } from './contract-accounts.ts';
import { activityContract } from './contract-activity.ts';
import type { ContractContext, StoreHarness } from './contract-context.ts';
import { documentsContract } from './contract-documents.ts';
import { jobsContract } from './contract-jobs.ts';
import { recordsContract } from './contract-records.ts';
import { recurringContract } from './contract-recurring.ts';
import { remindersContract } from './contract-reminders.ts';
import { signinLinksContract } from './contract-signin-links.ts';

export type { StoreHarness } from './contract-context.ts';

/**
 * The behaviour every `Store` implementation owes Navette (after tldraw's storage contract suite):
 * one spec per implementation calls this with a harness that opens a fresh, empty store for each
 * test, so SQLite and PostgreSQL are held to the same promises, durability first. The suite uses
 * the `Store` interface only; implementation details (PRAGMAs, migrations, crash tests) belong in
 * that implementation's own spec.
 */
export function storeContractSuite(name: string, open: () => Promise<StoreHarness>): void {
	describe(`Store contract: ${name}`, () => {
		let harness: StoreHarness | undefined;
		let current: Store | undefined;
		const context: ContractContext = {
			get store() {
				if (!current) throw new Error('No store: used outside a test');
				return current;
			},
			async reopen() {
				current = await harness!.reopen();
				return current;
			}
		};

		beforeEach(async () => {
			harness = await open();
			current = harness.store;
		});
		afterEach(async () => {
			await harness?.cleanup();
			harness = current = undefined;
		});

		accountsContract(context);
		documentsContract(context);
		recordsContract(context);
		jobsContract(context);
		signinLinksContract(context);
		activityContract(context);
		recurringContract(context);
		remindersContract(context);
	});
}
