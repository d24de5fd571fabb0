import { describe, expect, it } from 'vitest';
import type { NewFile } from '../../src/lib/server/store/Store.ts';
import {
	bytes,
	clientUser,
	type ContractContext,
	firmWithClient,
	frame,
	inHours,
	ISO_INSTANT,
	staffUser,
	UUID
} from './contract-context.ts';

/** Files, the audit log, and durability of everything across a close and reopen. */
export function recordsContract(ctx: ContractContext): void {
	type Place = Pick<NewFile, 'firmId' | 'clientId' | 'uploadedBy'>;

	async function newPlace(): Promise<Place> {
		const { firm, client } = await firmWithClient(ctx.store);
		const sophie = await clientUser(ctx.store, client, 'sophie.leroy@alterce.fr');
		return { firmId: firm.id, clientId: client.id, uploadedBy: sophie.id };
	}

	const fileAt = (place: Place, overrides: Partial<NewFile> = {}): NewFile => ({
		...place,
		requestId: 'request-1',
		sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
		size: 52_428_800,
		mime: 'application/pdf',
		name: 'Relevé avril.pdf',
		gedPath: 'Alter Ce/2019/TVA/2019-04/releve-avril.pdf',
		...overrides
	});

	describe('files', () => {
		it('records a deposited file and finds it by id', async () => {
			const file = await ctx.store.createFile(fileAt(await newPlace()));
			expect(file.id).toMatch(UUID);
			expect(file.createdAt).toMatch(ISO_INSTANT);
			expect(await ctx.store.getFile(file.id)).toEqual(file);
			const loose = await ctx.store.createFile({
				...file,
				id: 'file-2',
				requestId: null,
				name: 'Sans demande.pdf'
			});
			expect(await ctx.store.getFile('file-2')).toEqual(loose);
			expect(loose.requestId).toBeNull();
			expect(await ctx.store.getFile('missing')).toBeNull();
		});

		it("lists a firm's files by GED path, and moves one", async () => {
			const place = await newPlace();
			const b = await ctx.store.createFile(fileAt(place, { gedPath: 'Alter Ce/2019/TVA/b.pdf' }));
			const a = await ctx.store.createFile(fileAt(place, { gedPath: 'Alter Ce/2019/Bilan/a.pdf' }));
			const elsewhere = await firmWithClient(ctx.store, { firm: 'Autre cabinet' });
			const jean = await clientUser(ctx.store, elsewhere.client, 'jean@ailleurs.fr');
			const other = {
				firmId: elsewhere.firm.id,
				clientId: elsewhere.client.id,
				uploadedBy: jean.id
			};
			await ctx.store.createFile(fileAt(other, { gedPath: 'Autre/2019/a.pdf' }));
			expect(await ctx.store.listFiles(place.firmId)).toEqual([a, b]);

			await ctx.store.moveFile(b.id, 'Alter Ce/2018/TVA/b.pdf');
			expect((await ctx.store.getFile(b.id))?.gedPath).toBe('Alter Ce/2018/TVA/b.pdf');
			await ctx.store.moveFile('missing', 'x/y.pdf');
			expect(await ctx.store.listFiles('nobody')).toEqual([]);
		});

		it('refuses a file filed under a client of another firm', async () => {
			const other = await firmWithClient(ctx.store, { firm: 'Autre', client: 'Ailleurs' });
			const place = await newPlace();
			const astray = fileAt(place, { clientId: other.client.id });
			await expect(ctx.store.createFile(astray)).rejects.toThrow();
		});
	});

	describe('audit log', () => {
		it('lists the entries of one firm newest first, up to the limit', async () => {
			const { firm } = await firmWithClient(ctx.store);
			for (const action of ['client.create', 'client.update', 'client.archive'] as const) {
				await ctx.store.appendAudit({
					firmId: firm.id,
					userId: 'u1',
					action,
					target: `task:${action}`,
					detail: '{"why":"test"}'
				});
			}
			const elsewhere = { userId: null, action: 'firm.seed', target: null, detail: null } as const;
			await ctx.store.appendAudit({ ...elsewhere, firmId: 'other' });
			await ctx.store.appendAudit({ ...elsewhere, firmId: null });

			const two = await ctx.store.listAudit(firm.id, 2);
			expect(two.map((e) => e.action)).toEqual(['client.archive', 'client.update']);
			expect(two[0]).toMatchObject({
				firmId: firm.id,
				userId: 'u1',
				target: 'task:client.archive',
				detail: '{"why":"test"}'
			});
			expect(two[0]!.at).toMatch(ISO_INSTANT);
			expect(two[0]!.id).toBeGreaterThan(two[1]!.id);
			expect((await ctx.store.listAudit(firm.id, 10)).map((e) => e.action)).toEqual([
				'client.archive',
				'client.update',
				'client.create'
			]);
			expect(await ctx.store.listAudit(firm.id, 0)).toEqual([]);
			expect(await ctx.store.listAudit('nobody', 10)).toEqual([]);
		});
	});

	describe('durability', () => {
		it('keeps everything across a close and reopen, and goes on from there', async () => {
			const { firm, client } = await firmWithClient(ctx.store);
			const paul = await staffUser(ctx.store, firm.id, 'paul.durand@cabinet-martin.fr');
			const sophie = await clientUser(ctx.store, client, 'sophie.leroy@alterce.fr');
			await ctx.store.setUserDisabled(paul.id, true);
			const session = await ctx.store.createSession({
				id: 's1',
				userId: sophie.id,
				expiresAt: inHours(1)
			});
			const place = { firmId: firm.id, clientId: client.id, uploadedBy: sophie.id };
			const file = await ctx.store.createFile(fileAt(place));
			await ctx.store.appendAudit({
				firmId: firm.id,
				userId: paul.id,
				action: 'auth.login',
				target: null,
				detail: null
			});
			await ctx.store.appendUpdate('doc', bytes(7));
			await ctx.store.compactDocument('doc', frame);
			await ctx.store.appendUpdate('doc', bytes(8));
			await ctx.store.appendUpdate('log-only', bytes(9));
			const before = {
				firm: await ctx.store.getFirm(firm.id),
				client: await ctx.store.getClient(client.id),
				users: await ctx.store.listUsers(firm.id),
				file: await ctx.store.getFile(file.id),
				audit: await ctx.store.listAudit(firm.id, 10),
				doc: await ctx.store.loadDocument('doc'),
				logOnly: await ctx.store.loadDocument('log-only')
			};

			const store = await ctx.reopen();
			expect(await store.isEmpty()).toBe(false);
			expect({
				firm: await store.getFirm(firm.id),
				client: await store.getClient(client.id),
				users: await store.listUsers(firm.id),
				file: await store.getFile(file.id),
				audit: await store.listAudit(firm.id, 10),
				doc: await store.loadDocument('doc'),
				logOnly: await store.loadDocument('log-only')
			}).toEqual(before);
			expect(await store.getSession('s1')).toEqual(session);
			expect(before.doc).toEqual({ snapshot: frame([bytes(7)]), updates: [bytes(8)] });

			await store.appendUpdate('doc', bytes(10));
			expect((await store.loadDocument('doc'))?.updates).toEqual([bytes(8), bytes(10)]);
			await expect(
				staffUser(store, firm.id, 'PAUL.DURAND@cabinet-martin.fr')
			).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
		});

		it('closes idempotently', async () => {
			await ctx.store.close();
			await ctx.store.close();
		});
	});
}
