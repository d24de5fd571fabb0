import { describe, expect, it } from 'vitest';
import { syncLabel } from './DocumentSync.svelte.ts';

describe('syncLabel', () => {
	it('counts what waits only when offline', () => {
		expect(syncLabel('offline', 0)).toBe('Hors ligne');
		expect(syncLabel('offline', 1)).toBe('Hors ligne — 1 modification en attente');
		expect(syncLabel('offline', 3)).toBe('Hors ligne — 3 modifications en attente');
		expect(syncLabel('saving', 3)).toBe('Enregistrement…');
		expect(syncLabel('saved', 0)).toBe('Enregistré');
	});
});
