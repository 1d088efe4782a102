import { describe, expect, it } from 'vitest';
import type { ChokepointError } from './errors.ts';
import { forEachCsvRow, readCsv, readCsvRows } from './csv.ts';

describe('readCsv', () => {
  it('reads a BOM, CRLF, quoted cells with doubled quotes and line breaks, and names each start line', () => {
    const text =
      '\ufeffId,Name,Note\r\n1,"Al ""Nur"" Co",plain\r\n\r\n2,Beta,"two\r\nlines"\r\n3,Gamma,\r\n';
    const { header, records } = readCsv(text, { file: 'f.csv', required: ['id', 'name'] });
    expect(header).toEqual(['id', 'name', 'note']);
    expect(records).toEqual([
      { line: 2, values: { id: '1', name: 'Al "Nur" Co', note: 'plain' } },
      { line: 4, values: { id: '2', name: 'Beta', note: 'two\r\nlines' } },
      { line: 6, values: { id: '3', name: 'Gamma', note: '' } },
    ]);
  });

  it('takes the delimiter from a sep= line (and counts it) or sniffs it', () => {
    const sep = readCsv('sep=;\nid;name\n1;"a;b"\n', { file: 'f' });
    expect(sep.records).toEqual([{ line: 3, values: { id: '1', name: 'a;b' } }]);
    expect(readCsv('id\tname\n7\tx\n').records[0]!.values).toEqual({ id: '7', name: 'x' });
  });

  it('refuses a missing column, a row too long and an unclosed quote, with file and line', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as ChokepointError;
      }
      throw new Error('no error');
    };
    const missing = err(() => readCsv('id,x\n1,2\n', { file: 'f.csv', required: ['name'] }));
    expect([missing.code, missing.location.line, missing.location.field]).toEqual([
      'CP_IMPORT_BAD_HEADER',
      1,
      'name',
    ]);
    const long = err(() => readCsv('id,name\n1,a\n2,b,extra\n', { file: 'f.csv' }));
    expect([long.code, long.location.line]).toEqual(['CP_IMPORT_BAD_ROW', 3]);
    const open = err(() => readCsv('id,name\n1,a\n2,"b\n3,c\n', { file: 'f.csv' }));
    expect([open.code, open.location.file, open.location.line]).toEqual([
      'CP_IMPORT_BAD_FILE',
      'f.csv',
      3,
    ]);
    expect(err(() => readCsv('', { file: 'e.csv' })).code).toBe('CP_IMPORT_BAD_FILE');
  });
});

describe('readCsvRows and forEachCsvRow', () => {
  it('keep raw cells (a quote inside a plain cell is text) and the line each record starts on', () => {
    const r = readCsvRows('a,b\n1,5" pipe\n2,"x\ny"\n3,\n', 'f');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([
      ['1', '5" pipe'],
      ['2', 'x\ny'],
      ['3', ''],
    ]);
    expect([...r.lines]).toEqual([2, 3, 5]);
    const seen: string[][] = [];
    forEachCsvRow('1,a|b\n2,c', undefined, (cells) => seen.push(cells), { delimiter: ',' });
    expect(seen).toEqual([
      ['1', 'a|b'],
      ['2', 'c'],
    ]);
  });
});
