import { dailyAtUtc } from '../../domain/recurrence.ts';
import type { Store } from '../store/Store.ts';
import type { JobDefinition } from './Scheduler.ts';

export const PURGE_KIND = 'purge-expired';

/**
 * Expired links (invitations, resets, reminders' sign-in links) are kept 30 days more, so that
 * opening one still says « Ce lien a expiré » (with a way to ask for a new one) rather than
 * « n'est pas valide ».
 */
export const EXPIRED_LINK_GRACE_MS = 30 * 24 * 3_600_000;

/**
 * Jobs done or given up are kept 90 days (their keys dedupe a retried pass, a restart, a second
 * instance), then dropped, so that the table holds months of work, not years.
 */
export const FINISHED_JOB_RETENTION_MS = 90 * 24 * 3_600_000;

/**
 * Once a day at 03:00 UTC (a quiet hour in France): drops sessions past their expiry (they
 * already sign nobody in), links expired for over `EXPIRED_LINK_GRACE_MS` and jobs finished for
 * over `FINISHED_JOB_RETENTION_MS`.
 */
export function purgeJob(store: Store, log: (line: string) => void = () => {}): JobDefinition {
	return {
		kind: PURGE_KIND,
		every: dailyAtUtc(3),
		async run({ now }) {
			const sessions = await store.deleteExpiredSessions(new Date(now).toISOString());
			const linksBefore = new Date(now - EXPIRED_LINK_GRACE_MS).toISOString();
			const links =
				(await store.deleteExpiredLinks(linksBefore)) +
				(await store.deleteExpiredSigninLinks(linksBefore));
			const jobs = await store.deleteFinishedJobs(
				new Date(now - FINISHED_JOB_RETENTION_MS).toISOString()
			);
			if (sessions + links + jobs > 0) {
				log(`Purged ${sessions} expired sessions, ${links} links and ${jobs} finished jobs`);
			}
		}
	};
}
