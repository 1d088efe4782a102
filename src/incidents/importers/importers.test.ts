import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAcled } from './acled.ts';
import { parseGtd } from './gtd.ts';
import { readCsvRows } from '../../core/csv.ts';
import { parseDayMonthYear } from '../../core/date.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('ACLED import', () => {
  it('reads the current lower-case schema, keeping event and sub-event types and deriving attack_type', () => {
    const rows = parseAcled(fixture('acled-current.csv'), 'acled-current.csv');
    expect(rows.map((r) => r.id)).toEqual(['SYR70001', 'IRQ50002', 'NGA30003', 'EGY10004']);
    const [syr, irq, nga, egy] = rows;
    expect(syr).toMatchObject({
      date: '2021-01-09',
      country_code: 'SY',
      admin1: 'Deir ez Zor',
      place: 'Al Mayadin',
      killed: 3,
      wounded: null,
      attack_type: 'ied',
      event_type: 'Explosions/Remote violence',
      geo_precision: 2,
      perpetrator: null,
      attribution: 'unknown',
    });
    expect(syr!.sources).toEqual([
      { name: 'Khotwa', date: null },
      { name: 'Syrian Observatory for Human Rights', date: null },
    ]);
    expect(irq).toMatchObject({
      date: '2021-01-10',
      country_code: 'IQ',
      attack_type: 'ambush',
      perpetrator: 'Islamic State (Iraq)',
      attribution: 'suspected',
    });
    expect(nga).toMatchObject({ date_precision: 'week', attribution: 'claimed' });
    expect(egy).toMatchObject({
      attack_type: null,
      killed: 0,
      sources: [{ name: 'ACLED', date: null }],
    });
  });

  it('reads the older upper-case schema and maps its event types to the current ones', () => {
    const rows = parseAcled(fixture('acled-old.csv'), 'acled-old.csv');
    expect(rows.map((r) => [r.id, r.date, r.event_type, r.sub_event_type, r.attack_type])).toEqual([
      ['NIG5001', '2015-01-01', 'Battles', 'Armed clash', 'armed_assault'],
      ['NIG5002', '2015-01-03', 'Explosions/Remote violence', null, 'ied'],
      ['NIG5003', '2015-01-07', 'Violence against civilians', 'Attack', 'armed_assault'],
    ]);
    expect(rows[0]).toMatchObject({ country_code: 'NG', admin1: 'Borno', killed: 6 });
    expect(rows[2]!.sources).toEqual([
      { name: 'Reuters', date: null },
      { name: 'AFP', date: null },
    ]);
  });

  it('refuses a bad date naming the file, line and field', () => {
    const bad = fixture('acled-current.csv').replace('10 January 2021', '31 Febtember 2021');
    expect(() => parseAcled(bad, 'x.csv')).toThrow(/x\.csv, line 3, field "event_date"/);
  });

  it('refuses a header that is not ACLED', () => {
    expect(() => parseAcled('id,date\n1,2021-01-01\n', 'y.csv')).toThrow(
      /missing column "event_id_cnty"/,
    );
  });
});

describe('GTD import', () => {
  const rows = parseGtd(fixture('gtd.csv'), 'gtd.csv');

  it('reads a sep=; file with a summary quoted over two lines', () => {
    expect(rows).toHaveLength(4);
    expect(rows[0]!.text).toContain('struck a patrol\nnear the city');
    expect(rows[0]).toMatchObject({
      id: '201601050001',
      date: '2016-01-05',
      date_precision: 'day',
      country_code: 'IQ',
      admin1: 'Diyala',
      place: 'Baqubah',
      attack_type: 'ied',
      killed: 2,
      wounded: 5,
      attribution: 'claimed',
      geo_precision: 1,
    });
    expect(rows[0]!.sources).toEqual([
      { name: '"Bomb hits patrol," Example Wire, January 6, 2016.', date: '2016-01-06' },
    ]);
  });

  it('keeps -9, -99 and N/A unknown (null), never 0, and lowers date precision for a 0 day or month', () => {
    expect(rows[1]).toMatchObject({
      date: '2016-02-01',
      date_precision: 'month',
      killed: null,
      wounded: null,
      perpetrator: null,
      attribution: 'unknown',
      attack_type: 'armed_assault',
    });
    expect(rows[2]).toMatchObject({
      killed: null,
      wounded: 12,
      attack_type: 'suicide_bombing',
      attribution: 'suspected',
      confidence: 0.5,
    });
    expect(rows[3]).toMatchObject({
      date: '2016-01-01',
      date_precision: 'year',
      killed: 0,
      wounded: 0,
      attack_type: 'kidnapping',
      geo_precision: 2,
    });
  });

  it('names the line of a bad count, counting the sep= line and the two-line summary', () => {
    const bad = fixture('gtd.csv').replace(';-99;-9;', ';many;-9;');
    expect(() => parseGtd(bad, 'g.csv')).toThrow(/g\.csv, line 5, field "nkill"/);
  });
});

describe('readCsvRows', () => {
  it('handles CRLF, doubled quotes, empty last cells and line numbers', () => {
    const r = readCsvRows('a,b,c\r\n1,"x ""y""",\r\n2,"multi\nline",z\r\n', 'f');
    expect(r.header).toEqual(['a', 'b', 'c']);
    expect(r.rows).toEqual([
      ['1', 'x "y"', ''],
      ['2', 'multi\nline', 'z'],
    ]);
    expect([...r.lines]).toEqual([2, 3]);
  });
});

describe('dataset dates', () => {
  it('reads the formats ACLED and GTD use and refuses impossible days', () => {
    expect(parseDayMonthYear('01-January-2015')).toBe('2015-01-01');
    expect(parseDayMonthYear('09 January 2021')).toBe('2021-01-09');
    expect(parseDayMonthYear('9-Jan-15')).toBe('2015-01-09');
    expect(parseDayMonthYear('31/12/2020')).toBe('2020-12-31');
    expect(parseDayMonthYear('2021-02-30')).toBeNull();
  });
});
