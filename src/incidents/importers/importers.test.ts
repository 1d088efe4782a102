import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../schema.ts';
import { ACLED_COLUMNS, forEachAcledRow, type AcledReadOptions } from './acled.ts';
import { describeMapping, parseColumnMap, type ColumnMapping } from './columns.ts';
import { parseGtd } from './gtd.ts';
import { readCsvRows } from '../../core/csv.ts';
import { parseDayMonthYear } from '../../core/date.ts';

/** The incidents of an ACLED file, collected from the streaming reader. */
function parseAcled(text: string, file: string, opts?: AcledReadOptions): Incident[] {
  const out: Incident[] = [];
  forEachAcledRow(text, file, (i) => out.push(i), opts);
  return out;
}

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

describe('column variants found in the wild', () => {
  const acledVariant = [
    'data_id,Event Date,EVENT_TYPE,Sub-Event Type,Actor 1,actor2,country,ADMIN1,location,lat,lng,Killed,notes,extra',
    '9001,2021/01/09,Battles,Armed clash,Islamic State (Iraq),Military Forces of Iraq (2020-),Iraq,Al Anbar,Ar Rutbah,33.03,40.28,3,"IS fighters attacked an army post.",x',
    '9002,20210110,Explosions/Remote violence,Remote explosive/landmine/IED,,,Syria,Deir ez Zor,Al Mayadin,35.01,40.45,,,y',
  ].join('\n');

  it('reads an ACLED file by aliases (data_id, lat, lng, killed, ADMIN1, spaced and hyphenated headers) and says which mapping it used', () => {
    let mapping: ColumnMapping | undefined;
    const rows = parseAcled(acledVariant, 'v.csv', { onMapping: (m) => (mapping = m) });
    expect(rows.map((r) => [r.id, r.date, r.admin1, r.lat, r.lon, r.killed])).toEqual([
      ['9001', '2021-01-09', 'Al Anbar', 33.03, 40.28, 3],
      ['9002', '2021-01-10', 'Deir ez Zor', 35.01, 40.45, null],
    ]);
    expect(rows[0]).toMatchObject({
      sub_event_type: 'Armed clash',
      perpetrator: 'Islamic State (Iraq)',
      target: 'Military Forces of Iraq (2020-)',
    });
    expect(mapping!.fields).toContainEqual({
      field: 'event_id_cnty',
      column: 'data_id',
      via: 'alias',
    });
    expect(mapping!.fields).toContainEqual({ field: 'fatalities', column: 'Killed', via: 'alias' });
    expect(mapping!.fields).toContainEqual({
      field: 'event_date',
      column: 'Event Date',
      via: 'name',
    });
    expect(mapping!.unused).toEqual(['extra']);
    expect(describeMapping(mapping!)).toMatch(
      /^data_id=event_id_cnty \(alias\), .*lat=latitude \(alias\), lng=longitude \(alias\), Killed=fatalities \(alias\), Actor 1=actor1 \(alias\); 8 column\(s\) by name; unused: extra$/,
    );
  });

  it('prefers event_id_cnty to data_id when a file has both', () => {
    const rows = parseAcled(
      'data_id,event_id_cnty,event_date,event_type,country,latitude,longitude,fatalities\n7,IRQ1,2021-01-01,Battles,Iraq,33,44,0\n',
      'b.csv',
    );
    expect(rows[0]!.id).toBe('IRQ1');
  });

  it('takes --map for the other columns, over a column of the same name, and refuses what cannot be mapped', () => {
    const text = [
      'uid,when,kind,nation,y,x,dead,fatalities',
      'A1,2021-01-09,Battles,Iraq,33.1,44.2,4,99',
    ].join('\n');
    const map = parseColumnMap(
      [
        'uid=event_id_cnty',
        'when=event_date',
        'kind=event_type',
        'nation=country',
        'y=latitude',
        'x=longitude',
        'dead=fatalities',
      ],
      ACLED_COLUMNS,
      'acled',
    );
    let mapping: ColumnMapping | undefined;
    const [r] = parseAcled(text, 'm.csv', { map, onMapping: (m) => (mapping = m) });
    expect(r).toMatchObject({
      id: 'A1',
      date: '2021-01-09',
      country_code: 'IQ',
      lat: 33.1,
      killed: 4,
    });
    expect(mapping!.fields.every((f) => f.via === 'map')).toBe(true);
    expect(mapping!.unused).toEqual(['fatalities']);
    // A bad cell of a mapped column is named as the file names it.
    expect(() => parseAcled(text.replace(',4,', ',four,'), 'm.csv', { map })).toThrow(
      /m\.csv, line 2, field "dead": not a number/,
    );
    expect(() => parseColumnMap(['uid'], ACLED_COLUMNS, 'acled')).toThrow(/not column=field/);
    expect(() => parseColumnMap(['uid=nope'], ACLED_COLUMNS, 'acled')).toThrow(
      /acled has no field "nope"/,
    );
    expect(() => parseColumnMap(['a=latitude', 'b=latitude'], ACLED_COLUMNS, 'acled')).toThrow(
      /two columns/,
    );
    expect(() => parseAcled(text, 'm.csv', { map: { missing: 'notes' } })).toThrow(
      /--map names column "missing", which the header does not have/,
    );
  });

  it('names the aliases and --map when a required column is missing', () => {
    expect(() => parseAcled('event_id_cnty,event_date\nX,2021-01-01\n', 'h.csv')).toThrow(
      /missing column "event_type".*--map COLUMN=event_type/,
    );
  });

  const gtdVariant = [
    'event_id,year,month,day,country,province,city,lat,lon,attack_type,group,killed,wounded,summary',
    '1,2016,1,5,Iraq,Diyala,Baqubah,33.75,44.6,Bombing/Explosion,Islamic State of Iraq and the Levant (ISIL),2,5,A roadside bomb.',
    '2,2016,2,0,Nigeria,Borno,Maiduguri,11.8,13.1,2,Boko Haram,-99,-9,Gunmen attacked.',
  ].join('\n');

  it('reads a GTD-derived file with year, month, day, country, killed and a numeric attack type, and says so', () => {
    let mapping: ColumnMapping | undefined;
    const rows = parseGtd(gtdVariant, 'g2.csv', { onMapping: (m) => (mapping = m) });
    expect(
      rows.map((r) => [r.id, r.date, r.date_precision, r.country_code, r.attack_type, r.killed]),
    ).toEqual([
      ['1', '2016-01-05', 'day', 'IQ', 'ied', 2],
      ['2', '2016-02-01', 'month', 'NG', 'armed_assault', null],
    ]);
    expect(rows[1]).toMatchObject({ perpetrator: 'Boko Haram', admin1: 'Borno', wounded: null });
    expect(describeMapping(mapping!)).toContain(
      'year=iyear (alias), month=imonth (alias), day=iday (alias)',
    );
    expect(() => parseGtd(gtdVariant.replace(',2,5,', ',2,-5,'), 'g2.csv')).toThrow(
      /g2\.csv, line 2, field "wounded": not a count/,
    );
  });

  it('reads a GTD-derived file with one date column, and refuses a numeric country code', () => {
    const rows = parseGtd(
      'eventid,date,country_txt,attacktype1_txt\n1,2016-01-05,Iraq,Armed Assault\n2,2016-03,Iraq,Assassination\n',
      'd.csv',
    );
    expect(rows.map((r) => [r.date, r.date_precision])).toEqual([
      ['2016-01-05', 'day'],
      ['2016-03-01', 'month'],
    ]);
    expect(() =>
      parseGtd(
        'eventid,iyear,imonth,iday,country,attacktype1_txt\n1,2016,1,5,95,Armed Assault\n',
        'n.csv',
      ),
    ).toThrow(/n\.csv, line 2, field "country": a country code/);
    expect(() =>
      parseGtd('eventid,country_txt,attacktype1_txt\n1,Iraq,Armed Assault\n', 'e.csv'),
    ).toThrow(/missing column "iyear".*year/);
  });
});
