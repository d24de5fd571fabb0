import { describe, expect, it } from 'vitest';
import { MESSAGE_BURST, MESSAGES_PER_SECOND, MessageRate } from './message-rate.ts';

describe('MessageRate', () => {
	it('allows a burst, then the sustained rate', () => {
		const rate = new MessageRate();
		const peer = {};
		for (let i = 0; i < MESSAGE_BURST; i++) expect(rate.take(peer, 0)).toBe(true);
		expect(rate.take(peer, 0)).toBe(false);
		expect(rate.take(peer, 1000 / MESSAGES_PER_SECOND)).toBe(true);
		expect(rate.take(peer, 1000 / MESSAGES_PER_SECOND)).toBe(false);
		expect(rate.take({}, 0)).toBe(true);
	});
});
