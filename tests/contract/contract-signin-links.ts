import { describe, expect, it } from 'vitest';
import type { NewSigninLinkRecord } from '../../src/lib/server/store/Store.ts';
import {
	clientUser,
	type ContractContext,
	firmWithClient,
	inHours,
	ISO_INSTANT
} from './contract-context.ts';

/**
 * Reminders' sign-in links (issue 13): reusable until they expire, so a new one or a use revokes
 * nothing; only `revokeSigninLinks` (the firm, a deactivation) ends them, used or not.
 */
export function signinLinksContract(ctx: ContractContext): void {
	describe('sign-in links', () => {
		async function contact(email = 'sophie@alterce.fr') {
			const { firm, client } = await firmWithClient(ctx.store);
			return { firm, client, user: await clientUser(ctx.store, client, email) };
		}
		const link = (userId: string, id: string, hours = 24): NewSigninLinkRecord => ({
			id,
			userId,
			createdBy: null,
			expiresAt: inHours(hours)
		});

		it('stores a link by the hash it is given and reads it back, across a reopen', async () => {
			const { user } = await contact();
			const created = await ctx.store.createSigninLink(link(user.id, 'hash-1'));
			expect(created).toMatchObject({
				id: 'hash-1',
				userId: user.id,
				createdBy: null,
				usedAt: null,
				revokedAt: null
			});
			expect(created.createdAt).toMatch(ISO_INSTANT);
			expect(created.expiresAt).toMatch(ISO_INSTANT);
			expect(await ctx.store.getSigninLink('hash-1')).toEqual(created);
			await ctx.reopen();
			expect(await ctx.store.getSigninLink('hash-1')).toEqual(created);
			expect(await ctx.store.getSigninLink('unknown')).toBeNull();
		});

		it('refuses a second link with the same hash, and a link for no user', async () => {
			const { user } = await contact();
			await ctx.store.createSigninLink(link(user.id, 'hash-1'));
			await expect(ctx.store.createSigninLink(link(user.id, 'hash-1'))).rejects.toThrow();
			await expect(ctx.store.createSigninLink(link('nobody', 'hash-2'))).rejects.toThrow();
		});

		it('keeps the older links of a user when a new one is made, and after a use', async () => {
			const { user } = await contact();
			await ctx.store.createSigninLink(link(user.id, 'older'));
			await ctx.store.createSigninLink(link(user.id, 'newer'));
			const at = new Date().toISOString();
			await ctx.store.recordSigninLinkUse('older', at);
			await ctx.store.recordSigninLinkUse('unknown', at);
			expect((await ctx.store.listSigninLinks(user.id)).map((l) => l.id)).toEqual([
				'newer',
				'older'
			]);
			expect(await ctx.store.getSigninLink('older')).toMatchObject({ usedAt: at, revokedAt: null });
			expect(await ctx.store.getSigninLink('newer')).toMatchObject({
				usedAt: null,
				revokedAt: null
			});
		});

		it("revokes a user's links, used or not, and only that user's, apart from its other links", async () => {
			const { client, user } = await contact();
			const other = await clientUser(ctx.store, client, 'autre@alterce.fr');
			await ctx.store.createSigninLink(link(user.id, 'used'));
			await ctx.store.createSigninLink(link(user.id, 'unused'));
			await ctx.store.createSigninLink(link(other.id, 'other'));
			await ctx.store.recordSigninLinkUse('used', new Date().toISOString());
			await ctx.store.createLink({
				id: 'invite',
				userId: user.id,
				purpose: 'invite',
				createdBy: null,
				expiresAt: inHours(24)
			});

			expect(await ctx.store.revokeSigninLinks(user.id)).toBe(2);
			for (const id of ['used', 'unused']) {
				expect((await ctx.store.getSigninLink(id))?.revokedAt).toMatch(ISO_INSTANT);
			}
			expect((await ctx.store.getSigninLink('other'))?.revokedAt).toBeNull();
			expect((await ctx.store.getLink('invite'))?.revokedAt).toBeNull();
			expect(await ctx.store.revokeSigninLinks(user.id)).toBe(0);

			// And the other way: revoking the single-use links leaves the sign-in links alone.
			await ctx.store.revokeLinks(other.id);
			expect((await ctx.store.getSigninLink('other'))?.revokedAt).toBeNull();
		});

		it('deletes the links expired at a given time, and those only', async () => {
			const { user } = await contact();
			await ctx.store.createSigninLink(link(user.id, 'expired', -1));
			await ctx.store.createSigninLink(link(user.id, 'valid', 1));
			expect(await ctx.store.deleteExpiredSigninLinks(new Date().toISOString())).toBe(1);
			expect(await ctx.store.getSigninLink('expired')).toBeNull();
			expect(await ctx.store.getSigninLink('valid')).not.toBeNull();
			expect(await ctx.store.deleteExpiredSigninLinks(inHours(2))).toBe(1);
		});
	});
}
