import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChokepointError } from '../../core/errors.ts';
import { matchRecords } from '../match.ts';
import { recordFromFtm } from '../record.ts';
import { attachOfacExtras, parseList, sniffListFormat } from './index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('UN consolidated list XML', () => {
  const list = parseList(fixture('un-list.xml'), 'un-list.xml');
  it('yields individuals and entities as FtM entities', () => {
    expect(list.format).toBe('un_xml');
    expect(list.entities.map((e) => [e.id, e.schema])).toEqual([
      ['unsc-900101', 'Person'],
      ['unsc-900102', 'Person'],
      ['unsc-900201', 'Organization'],
    ]);
    const p = list.entities[0]!.properties;
    expect(p.name).toEqual(['KHALID HUSSEIN AL-JUBOURI']);
    expect(p.alias).toEqual(['خالد حسين الجبوري', 'Khaled Husayn al-Jabouri']);
    expect(p.weakAlias).toEqual(['Abu Hamza']);
    expect(p.birthDate).toEqual(['1974-06-12']);
    expect(p.nationality).toEqual(['iq']);
    expect(p.passportNumber).toEqual(['A7712034']);
  });
  it('keeps year ranges and approximate years', () => {
    expect(list.entities[1]!.properties.birthDate).toEqual(['1979', '1980', '1981', '1982']);
    expect(list.entities[1]!.properties.nationality).toEqual(['sy']);
  });
  it('keeps former names and addresses of entities', () => {
    const e = list.entities[2]!.properties;
    expect(e.previousName).toEqual(['Furat Kimya Ltd. Şti.']);
    expect(e.country).toEqual(['tr']);
  });
  it('lets an Arabic-script party meet its listed entry', () => {
    const r = matchRecords(recordFromFtm(list.entities[0]!), {
      id: 'q',
      schema: 'Person',
      names: ['خالد حسين الجبوري'],
    });
    expect(r.raw_score).toBe(1);
    const latin = matchRecords(recordFromFtm(list.entities[0]!), {
      id: 'q',
      schema: 'Person',
      names: ['Halid Hüseyin Cuburi'],
    });
    expect(latin.raw_score).toBeGreaterThan(0.5);
  });
  it('refuses XML that is not well formed, naming the line', () => {
    const bad = fixture('un-list.xml').replace('</INDIVIDUALS>', '</INDIVIDUAL>');
    expect(() => parseList(bad, 'bad.xml')).toThrow(ChokepointError);
    try {
      parseList(bad, 'bad.xml');
    } catch (e) {
      expect((e as ChokepointError).location.line).toBeGreaterThan(1);
    }
  });
});

describe('OFAC SDN CSV', () => {
  const sdn = parseList(fixture('sdn.csv'), 'sdn.csv');
  it('reads the header-less CRLF file with -0- cells and a trailing 0x1A', () => {
    expect(sdn.format).toBe('ofac_sdn');
    expect(sdn.entities.map((e) => [e.id, e.schema])).toEqual([
      ['ofac-36001', 'Person'],
      ['ofac-36002', 'LegalEntity'],
      ['ofac-36003', 'Person'],
      ['ofac-36004', 'Vessel'],
    ]);
    const p = sdn.entities[0]!.properties;
    expect(p.birthDate).toEqual(['1969-02-03']);
    expect(p.nationality).toEqual(['sy']);
    expect(p.passportNumber).toEqual(['N0445120']);
    expect(p.alias).toEqual(['DERVIS, Yusuf']);
    expect(p.title).toBeUndefined();
    expect(sdn.entities[1]!.properties.email).toEqual(['sales@alnoor-elec.example']);
    expect(sdn.entities[1]!.properties.registrationNumber).toEqual(['558120']);
    expect(sdn.entities[2]!.properties.birthDate).toEqual(['1977', '1978', '1979']);
  });
  it('attaches alt.csv aliases to their entries', () => {
    const alt = parseList(fixture('alt.csv'), 'alt.csv');
    expect(alt.format).toBe('ofac_alt');
    const entities = structuredClone(sdn.entities);
    expect(attachOfacExtras(entities, alt.aliases, [])).toBe(3);
    expect(entities[0]!.properties.alias).toContain('درويش, يوسف أحمد');
    expect(entities[1]!.properties.previousName).toEqual(['NUR ELEKTRONIK TICARET LTD STI']);
  });
  it('refuses a bad entry number with its line', () => {
    const bad = fixture('sdn.csv').replace('36003,', 'x36003,');
    try {
      parseList(bad, 'sdn.csv');
      expect.unreachable();
    } catch (e) {
      expect((e as ChokepointError).location).toMatchObject({
        file: 'sdn.csv',
        line: 3,
        field: 'ent_num',
      });
    }
  });
});

describe('FtM JSON lines and format sniffing', () => {
  it('merges fragments of one entity', () => {
    const l = parseList(fixture('list.ftm.jsonl'), 'list.ftm.jsonl');
    expect(l.format).toBe('ftm');
    expect(l.entities).toHaveLength(2);
    expect(l.entities[1]!.properties.alias).toEqual(['Akcakale Chemicals']);
  });
  it('sniffs by content and refuses what it cannot tell', () => {
    expect(sniffListFormat('id,name\na,b\n')).toBe('csv');
    expect(() => sniffListFormat('hello world')).toThrow(/cannot tell the list format/);
    expect(() => parseList('<html></html>', 'x.xml')).toThrow(ChokepointError);
  });
});
