import { describe, expect, it } from 'vitest';
import {
	hasActiveMarkup,
	isCfonbStatement,
	isOfxStatement,
	kindGroupOf,
	nameForKind
} from './file-types.ts';

const record = (code: string, rest = '') => (code + rest).padEnd(120, ' ');

export const CFONB = [
	record('01', '3000400000EUR2 0001234567890101190000000012345{'),
	record('04', '3000400000EUR2 00012345678B10419  0419VIR SEPA RECU'),
	record('05', '3000400000EUR2 000123456780419  LIB FACTURE 2019-04'),
	record('07', '3000400000EUR2 0001234567890430190000000013595{')
].join('\r\n');

export const OFX_SGML = `OFXHEADER:100
DATA:OFXSGML
VERSION:102

<OFX>
<BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR
<BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20190412<TRNAMT>1250.00<NAME>VIREMENT</STMTTRN>
</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
`;

describe('bank formats', () => {
	it('recognises a CFONB 120 statement, and nothing that merely looks like one', () => {
		expect(isCfonbStatement(CFONB)).toBe(true);
		expect(isCfonbStatement(CFONB + '\n')).toBe(true);
		expect(isCfonbStatement(CFONB.replace(/^01/, '02'))).toBe(false);
		expect(isCfonbStatement(CFONB.slice(0, -10))).toBe(false);
		expect(isCfonbStatement(record('01'))).toBe(false);
	});

	it('recognises OFX 1 (SGML) and OFX 2 (XML)', () => {
		expect(isOfxStatement(OFX_SGML)).toBe(true);
		const xml = `<?xml version="1.0"?><?OFX OFXHEADER="200" VERSION="211"?><OFX><BANKMSGSRSV1></BANKMSGSRSV1></OFX>`;
		expect(isOfxStatement(xml)).toBe(true);
		expect(isOfxStatement('<OFX><BANKMSGSRSV1></BANKMSGSRSV1></OFX>')).toBe(false);
		expect(isOfxStatement(OFX_SGML.replace('</OFX>', ''))).toBe(false);
	});
});

describe('names and markup', () => {
	it('gives a file the extension of what it is', () => {
		expect(nameForKind('scan.jpg', 'png')).toBe('scan.png');
		expect(nameForKind('Photo.JPEG', 'jpg')).toBe('Photo.JPEG');
		expect(nameForKind('releve', 'pdf')).toBe('releve.pdf');
		expect(nameForKind('export.txt', 'cfonb')).toBe('export.txt');
	});

	it('finds markup a browser would run', () => {
		expect(hasActiveMarkup('<!DOCTYPE html><p>x')).toBe(true);
		expect(hasActiveMarkup('date;libellé\n2019-04-02;<script>alert(1)</script>')).toBe(true);
		expect(hasActiveMarkup('date;montant\n2019-04-02;1 < 2')).toBe(false);
	});

	it('maps MIME types back to kinds and families', () => {
		expect(kindGroupOf('application/pdf')).toBe('pdf');
		expect(kindGroupOf('text/html')).toBeNull();
		expect(kindGroupOf('image/heic')).toBe('image');
		expect(kindGroupOf('application/vnd.oasis.opendocument.text')).toBe('office');
		expect(kindGroupOf('text/x-cfonb')).toBe('bank');
		expect(kindGroupOf('application/x-msdownload')).toBeNull();
	});
});
