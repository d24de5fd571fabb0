import { DEMO_FIRM_ID, seedDemo } from '../../../server/seed.ts';
import { DEFAULT_REMINDER_POLICY } from '../../../src/lib/domain/reminder-policy.ts';
import { openStore } from '../../../src/lib/server/store/index.ts';

/**
 * Seeds the demo firm into the reminders' e2e server's data folder before it starts, with
 * automatic reminders off: otherwise the day's pass would send Sophie her digest at start, and
 * « Relancer » by hand (what relances.e2e.ts tests) would find her already reminded that day.
 * The server then finds a firm there and seeds nothing more.
 */
const store = await openStore({ dataDir: process.env.DATA_DIR! });
try {
	if (await store.isEmpty()) {
		await seedDemo(store);
		await store.setFirmSetting(
			DEMO_FIRM_ID,
			'reminders',
			{ ...DEFAULT_REMINDER_POLICY, enabled: false },
			new Date().toISOString()
		);
	}
} finally {
	await store.close();
}
