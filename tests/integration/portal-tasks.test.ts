import { describe, expect } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { loginCookie, pageData } from '../helpers/http.ts';
import { it, test } from '../helpers/fixtures.ts';

/** The portal's load against the real process: a client's tasks, as headings, and no more. */
let origin: string;

test.beforeAll(async ({ fileTempDir, fileSpawnNavette }) => {
	origin = (await fileSpawnNavette({ dataDir: fileTempDir })).origin;
});

async function portalTasks(email: string): Promise<Record<string, unknown>[]> {
	const cookie = await loginCookie(origin, email, DEMO_PASSWORD);
	const [, layout] = await pageData(origin, cookie, '/portail');
	return layout!.tasks as Record<string, unknown>[];
}

describe('the portal’s tasks', () => {
	it('gives Sophie the id, title and due date of Alter Ce’s tasks only', async () => {
		const sophie = await portalTasks(DEMO_ACCOUNTS.sophie);
		const jean = await portalTasks(DEMO_ACCOUNTS.jean);
		const titles = sophie.map((t) => t.title);
		expect(titles).toContain('Prévisionnel');
		expect(titles).toContain('TVA 04/2019');
		expect(jean.map((t) => t.title)).toContain('TVA 04/2019');
		expect(jean.map((t) => t.title)).not.toContain('Prévisionnel');
		// Each client's « TVA 04/2019 » is its own task: none of Dupont Maçonnerie's reaches Sophie.
		const jeanIds = new Set(jean.map((t) => t.id));
		expect(sophie.filter((t) => jeanIds.has(t.id))).toStrictEqual([]);
		for (const task of [...sophie, ...jean]) {
			expect(Object.keys(task).sort()).toStrictEqual(['dueDate', 'id', 'title']);
		}
		expect(sophie.find((t) => t.title === 'TVA 04/2019')).toMatchObject({
			dueDate: '2019-05-19'
		});
		const raw = JSON.stringify(sophie);
		for (const word of ['assignee', 'clientId', 'status', 'category', 'period', 'createdBy']) {
			expect(raw).not.toContain(word);
		}
	});

	it('is no staff’s business', async () => {
		const claire = await loginCookie(origin, DEMO_ACCOUNTS.claire, DEMO_PASSWORD);
		await expect(pageData(origin, claire, '/portail')).rejects.toThrow();
	});
});
