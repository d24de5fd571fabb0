import { describe, expect, it } from 'vitest';
import { gedPathFor } from './ged-path.ts';

const AT = '2020-05-03T10:00:00.000Z';

describe('gedPathFor', () => {
	it('files by client, year of the period, category and period', () => {
		expect(
			gedPathFor({
				clientName: 'Alter Ce',
				category: 'TVA',
				period: '2019-04',
				at: AT,
				fileName: 'Relevé bancaire avril.pdf'
			})
		).toBe('Alter Ce/2019/TVA/2019-04/Relevé bancaire avril.pdf');
	});

	it('uses a yearly period as the year, without a period folder', () => {
		expect(
			gedPathFor({
				clientName: 'Alter Ce',
				category: 'Bilan',
				period: '2019',
				at: AT,
				fileName: 'grand-livre.xlsx'
			})
		).toBe('Alter Ce/2019/Bilan/grand-livre.xlsx');
	});

	it('falls back to the year of arrival and an unfiled folder', () => {
		expect(
			gedPathFor({
				clientName: 'Alter Ce',
				category: null,
				period: null,
				at: AT,
				fileName: 'x.pdf'
			})
		).toBe('Alter Ce/2020/Divers/x.pdf');
	});

	it('never lets a client or file name add a folder', () => {
		const path = gedPathFor({
			clientName: 'SARL A/B',
			category: 'Paie',
			period: null,
			at: AT,
			fileName: '../../secret.pdf'
		});
		expect(path).toBe('SARL A B/2020/Paie/secret.pdf');
		expect(path.split('/')).toHaveLength(4);
	});
});
