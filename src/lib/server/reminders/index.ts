/**
 * The reminders' services (issue 13): settings, pauses and opt-outs, « Relancer » by hand with
 * its preview, history and counts. The daily pass is `reminderPassJob` (`pass.ts`).
 */
export { reminderSettings, saveReminderSettings } from './settings.ts';
export { clientReminderState, setClientPause, setRequestOptOut } from './client-state.ts';
export { previewClientReminder, sendClientReminder, sendRemindersToClients } from './manual.ts';
export { clientReminderHistory, reminderStatsByRequest } from './history.ts';
export type * from './types.ts';
