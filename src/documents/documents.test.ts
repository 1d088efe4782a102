import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { unzipEntries } from './archive.ts';
import { parseEmail, splitMbox } from './email.ts';
import { documentTokens, foldDocumentText } from './fold.ts';
import { detectLanguage } from './language.ts';
import { sniff } from './sniff.ts';
import { makeSnippet } from './snippet.ts';
import { columnIndex, readSpreadsheet } from './spreadsheet.ts';
import { splitPages } from './text.ts';

/** A minimal workbook as Excel writes one: shared strings, an inline string, numbers, a gap. */
function workbook(): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8('<Types/>'),
    'xl/workbook.xml': strToU8(
      '<workbook xmlns:r="r"><sheets><sheet name="Packing list" sheetId="1" r:id="rId1"/><sheet name="Empty" sheetId="2" r:id="rId2"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>',
    ),
    'xl/sharedStrings.xml': strToU8(
      '<sst><si><t>item</t></si><si><r><t>Detonator </t></r><r><t>cord</t></r></si><si><t>Lot &amp; serial</t></si></sst>',
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>2</v></c></row>' +
        '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3"><v>400</v></c><c r="C3" t="inlineStr"><is><t>LOT-7781</t></is></c><c r="D3" t="b"><v>1</v></c></row></sheetData></worksheet>',
    ),
    'xl/worksheets/sheet2.xml': strToU8('<worksheet><sheetData/></worksheet>'),
  });
}

describe('documents: pure parts', () => {
  it('tells kinds from bytes, not names', () => {
    expect(sniff(strToU8('%PDF-1.7\n'), 'x.txt').kind).toBe('pdf');
    expect(sniff(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]), 'scan.pdf')).toEqual({
      kind: 'image',
      mime: 'image/png',
    });
    expect(sniff(workbook(), 'upload.bin').kind).toBe('spreadsheet');
    expect(sniff(zipSync({ 'word/document.xml': strToU8('<w/>') })).mime).toContain(
      'wordprocessingml',
    );
    expect(sniff(zipSync({ 'a.txt': strToU8('x') })).kind).toBe('zip');
    expect(sniff(strToU8('From: a@b.c\nTo: d@e.f\nSubject: hi\n\nbody')).kind).toBe('email');
    expect(
      sniff(
        strToU8('From a@b.c Tue Mar 12 09:14:00 2019\nFrom: a@b.c\nTo: d@e.f\nSubject: x\n\nbody'),
      ).kind,
    ).toBe('mbox');
    expect(sniff(strToU8('<!DOCTYPE html><html><body>x</body></html>')).kind).toBe('html');
    expect(sniff(strToU8('plain notes')).kind).toBe('text');
    expect(sniff(new Uint8Array([1, 0, 2, 0, 3])).kind).toBe('unknown');
  });

  it('reads an .xlsx: shared, rich and inline strings, gaps, booleans, sheets in order', () => {
    const sheets = readSpreadsheet(workbook());
    expect(sheets.map((s) => s.name)).toEqual(['Packing list', 'Empty']);
    expect(sheets[0]!.rows).toEqual([
      ['item', '', 'Lot & serial'],
      [],
      ['Detonator cord', '400', 'LOT-7781', 'TRUE'],
    ]);
    expect(sheets[1]!.rows).toEqual([]);
    expect(columnIndex('A1')).toBe(0);
    expect(columnIndex('BC12')).toBe(54);
    expect(() => readSpreadsheet(workbook(), { maxCells: 3 })).toThrow(/more than 3 cells/);
    expect(() => readSpreadsheet(strToU8('not a zip'), { file: 'x.xlsx' })).toThrow(/ZIP/);
  });

  it('cuts text into pages at form feeds, else about a printed page', () => {
    expect(splitPages('one\ftwo\f')).toEqual(['one', 'two']);
    const long = Array.from({ length: 130 }, (_, i) => `line ${i}`).join('\n');
    const pages = splitPages(long);
    expect(pages).toHaveLength(3);
    expect(pages[1]!.split('\n')[0]).toBe('line 60');
    expect(splitPages('')).toEqual(['']);
  });

  it('tells the language by script, then by common words', () => {
    expect(detectLanguage('استلمنا الشحنة في مستودع المخبز قرب تل أبيض')).toBe('ar');
    expect(detectLanguage('The consignment was received at the warehouse of the broker')).toBe(
      'en',
    );
    expect(
      detectLanguage('La marchandise est livrée par le transitaire pour le compte de la société'),
    ).toBe('fr');
    expect(
      detectLanguage('Sevkiyat ve ödeme bu hafta için değil, daha sonra olarak yapılacak'),
    ).toBe('tr');
    expect(detectLanguage('Отгрузка груза через границу')).toBe('ru');
    expect(detectLanguage('LOT-7781 400')).toBeNull();
  });

  it('folds Latin as the records do and Arabic variants together', () => {
    for (const s of ['Şanlıurfa', 'Sanliurfa', 'SANLIURFA'])
      expect(foldDocumentText(s)).toBe('sanliurfa');
    expect(documentTokens('الرقّة')).toEqual(documentTokens('الرقه'));
    expect(documentTokens('إبراهيم')).toEqual(documentTokens('ابراهيم'));
    expect(documentTokens('أحمد')).toEqual(documentTokens('احمد'));
    expect(documentTokens('')).toEqual([]);
  });

  it("cuts a snippet in the page's own words around the matches", () => {
    const text = `${'filler '.repeat(40)}Consignee: Akçakale Telefon,\n   Şanlıurfa. ${'more '.repeat(40)}`;
    const s = makeSnippet(text, documentTokens('sanliurfa akcakale'));
    expect(s.snippet.startsWith('… ')).toBe(true);
    expect(s.snippet.endsWith(' …')).toBe(true);
    const marked = s.highlights.map(([a, b]) => s.snippet.slice(a, b));
    expect(marked).toEqual(['Akçakale', 'Şanlıurfa']);
    expect(makeSnippet('', ['x'])).toEqual({ snippet: '', highlights: [] });
  });

  it('reads an e-mail: headers, body, attachments; splits an mbox', async () => {
    const eml = [
      'From: Broker <broker@example.org>',
      'To: buyer@example.net',
      'Subject: =?UTF-8?B?xZ5hbmzEsXVyZmEgb3JkZXI=?=',
      'Date: Tue, 12 Mar 2019 09:14:00 +0300',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Pay the <b>exchange office</b></p><script>alert(1)</script>',
      '--b',
      'Content-Type: text/plain; name="list.txt"',
      'Content-Disposition: attachment; filename="list.txt"',
      '',
      'Detonator cord 400',
      '--b--',
      '',
    ].join('\r\n');
    const m = await parseEmail(strToU8(eml));
    expect(m.subject).toBe('Şanlıurfa order');
    expect(m.meta).toMatchObject({ to: 'buyer@example.net', date: '2019-03-12T06:14:00.000Z' });
    expect(m.text).toContain('Pay the exchange office');
    expect(m.text).not.toContain('alert');
    expect(m.attachments).toEqual([
      expect.objectContaining({ file_name: 'list.txt', mime: 'text/plain' }),
    ]);
    const box = splitMbox(
      `From a@b Mon\n${eml.replace(/\r/g, '')}\n\nFrom c@d Tue\nSubject: two\n\n>From the quay\n`,
    );
    expect(box).toHaveLength(2);
    expect(box[1]).toContain('\nFrom the quay');
  });

  it('opens ZIP archives within limits, refusing a bomb whole', () => {
    const zip = zipSync({
      'a/b.txt': strToU8('hello'),
      'a/': new Uint8Array(),
      '__MACOSX/x': strToU8('y'),
    });
    expect(unzipEntries(zip, 'z.zip').map((e) => e.name)).toEqual(['a/b.txt']);
    const many = zipSync(
      Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}`, strToU8('x')])),
    );
    expect(() => unzipEntries(many, 'z.zip', { maxEntries: 4, maxBytes: 1e9 })).toThrow(
      /more than 4 files/,
    );
    const big = zipSync({ big: new Uint8Array(2_000_000) });
    expect(() => unzipEntries(big, 'z.zip', { maxEntries: 10, maxBytes: 1_000_000 })).toThrow(
      /CP_LIMIT|more than/,
    );
  });
});
