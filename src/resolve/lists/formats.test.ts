import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChokepointError } from '../../core/errors.ts';
import { parseList } from './index.ts';
import { amendVersion, diffEntries, entryFingerprint } from './versions.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('lists as users hold them: issuer, title and date from the file', () => {
  it('OFAC sdn.xml: entries, aliases strong and weak, documents, the publication date', () => {
    const l = parseList(fixture('sdn.xml'), 'sdn.xml');
    expect(l.format).toBe('ofac_xml');
    expect(l.defaultName).toBe('us-ofac-sdn');
    expect(l.meta.issuer).toMatch(/OFAC/);
    // Publish_Date is American: 03/14/2025 is 14 March.
    expect(l.meta.published).toBe('2025-03-14');
    expect(l.entities.map((e) => [e.id, e.schema])).toEqual([
      ['ofac-47001', 'Person'],
      ['ofac-47002', 'LegalEntity'],
      ['ofac-47003', 'Vessel'],
    ]);
    const p = l.entities[0]!.properties;
    expect(p.name).toEqual(['Yusuf Ahmad DARWISH']);
    expect(p.alias).toEqual(['Youssef DARWICH']);
    expect(p.weakAlias).toEqual(['ABU YUSUF']);
    expect(p.birthDate).toEqual(['1978-03-12']);
    expect(p.passportNumber).toEqual(['N0418832']);
    expect(p.nationality).toEqual(['sy']);
    const c = l.entities[1]!.properties;
    expect(c.previousName).toEqual(['FURAT KIMYA TICARET']);
    expect(c.program).toEqual(['SDGT', 'SYRIA']);
    expect(c.country).toEqual(['tr']);
    expect(c.registrationNumber).toEqual(['TR-889104']);
  });

  it('EU XML and CSV give the same entities and the generation date', () => {
    const xml = parseList(fixture('eu-list.xml'), 'eu.xml');
    const csv = parseList(fixture('eu-list.csv'), 'eu.csv');
    expect([xml.format, csv.format]).toEqual(['eu_xml', 'eu_csv']);
    expect(xml.meta.published).toBe('2025-03-10');
    expect(csv.meta.published).toBe('2025-03-10');
    expect(xml.meta.issuer).toMatch(/European Union/);
    const p = xml.entities[0]!;
    expect(p.id).toBe('eu-fsf-90011');
    expect(p.schema).toBe('Person');
    expect(p.properties.name).toEqual(['Khalid Hussein Al-Jubouri']);
    expect(p.properties.alias).toEqual(['خالد حسين الجبوري']);
    expect(p.properties.weakAlias).toEqual(['Abu Hamza']);
    expect(p.properties.birthDate).toEqual(['1974-06-12']);
    expect(p.properties.passportNumber).toEqual(['A7712034']);
    expect(p.properties.programId).toEqual(['EU.9001.77']);
    const c = csv.entities.find((e) => e.id === 'eu-fsf-90012')!;
    expect(c.schema).toBe('Organization');
    expect(c.properties.country).toEqual(['tr']);
    const fromCsv = csv.entities.find((e) => e.id === 'eu-fsf-90011')!;
    expect(fromCsv.properties.name).toEqual(p.properties.name);
    expect(fromCsv.properties.birthDate).toEqual(p.properties.birthDate);
  });

  it('UK OFSI CSV and XML: rows of a Group ID are one target, its "Last Updated" the date', () => {
    const csv = parseList(fixture('uk-list.csv'), 'ConList.csv');
    const xml = parseList(fixture('uk-list.xml'), 'ConList.xml');
    expect([csv.format, xml.format]).toEqual(['uk_csv', 'uk_xml']);
    expect(csv.defaultName).toBe('gb-hmt-ofsi');
    expect(csv.meta.published).toBe('2025-03-07');
    expect(xml.meta.published).toBe('2025-03-07');
    const p = csv.entities[0]!;
    expect(p.id).toBe('gb-hmt-16001');
    expect(p.properties.name).toEqual(['Khalid Hussein AL-JUBOURI']);
    expect(p.properties.alias).toEqual(['Khaled Husayn AL-JABOURI', 'خالد حسين الجبوري']);
    expect(p.properties.weakAlias).toEqual(['Abu HAMZA']);
    // 00/00/1974: only the year is known.
    expect(p.properties.birthDate).toEqual(['1974-06-12', '1974']);
    expect(csv.entities[1]!.schema).toBe('Organization');
    expect(xml.entities.map((e) => e.id)).toEqual(['gb-hmt-16001', 'gb-hmt-16002']);
    expect(xml.entities[0]!.properties.weakAlias).toEqual(['Abu HAMZA']);
  });

  it("the UK Sanctions List CSV that followed OFSI's: Unique ID, its column names, the report date", () => {
    const l = parseList(fixture('uk-sanctions-list.csv'), 'UK-Sanctions-List.csv');
    expect(l.format).toBe('uk_csv');
    expect(l.meta.published).toBe('2026-02-13');
    expect(l.entities.map((e) => [e.id, e.schema])).toEqual([
      ['gb-hmt-SYR0901', 'Person'],
      ['gb-hmt-SYR0902', 'Organization'],
    ]);
    const p = l.entities[0]!.properties;
    expect(p.name).toEqual(['Khalid Hussein AL-JUBOURI']);
    expect(p.weakAlias).toEqual(['Abu HAMZA']);
    expect(p.birthDate).toEqual(['1974-06-12']);
    expect(p.nationality).toEqual(['iq']);
    expect(l.entities[1]!.properties.country).toEqual(['ae']);
    expect(() => parseList('Last Updated,07/03/2025\nA,B\n1,2\n', 'x.csv')).toThrow(/Name 6/);
  });

  it('UN XML takes its date from dateGenerated', () => {
    const l = parseList(fixture('un-list.xml'), 'un.xml');
    expect(l.meta.published).toBe('2026-01-15');
    expect(l.meta.title).toMatch(/Consolidated List/);
  });

  it('an FtM export is named by its dataset and dated by its last change, not "ftm"', () => {
    const l = parseList(fixture('opensanctions.ftm.json'), 'entities.ftm.json');
    expect(l.defaultName).toBe('gb_hmt_sanctions');
    expect(l.meta.published).toBe('2025-02-20');
    const plain = parseList(fixture('list.ftm.jsonl'), 'watch.ftm.jsonl');
    expect(plain.defaultName).toBe('watch');
  });

  it('refuses a UK row without a Group ID, naming file, line and field', () => {
    const bad = fixture('uk-list.csv').replace(',16002\n', ',\n');
    try {
      parseList(bad, 'ConList.csv');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ChokepointError);
      expect((e as ChokepointError).location).toMatchObject({
        file: 'ConList.csv',
        line: 6,
        field: 'Group ID',
      });
    }
  });

  it('refuses an sdnEntry without uid, naming its line', () => {
    const bad = fixture('sdn.xml').replace('<uid>47003</uid>', '');
    expect(() => parseList(bad, 'sdn.xml')).toThrow(/uid/);
    try {
      parseList(bad, 'sdn.xml');
    } catch (e) {
      const entries = bad.split('\n').flatMap((l, i) => (l.includes('<sdnEntry>') ? [i + 1] : []));
      expect((e as ChokepointError).location.line).toBe(entries[2]);
    }
  });

  it('refuses an XML list with a DOCTYPE before parsing it', () => {
    const bad = fixture('eu-list.xml').replace(
      '<export',
      '<!DOCTYPE x [<!ENTITY a "b">]>\n<export',
    );
    expect(() => parseList(bad, 'eu.xml')).toThrow(ChokepointError);
  });
});

describe('entry fingerprints and diffs', () => {
  it('ignore the order of properties and values, and see any change of fact', () => {
    const a = { schema: 'Person', properties: { name: ['A'], alias: ['B', 'C'] } };
    const b = { schema: 'Person', properties: { alias: ['C', 'B'], name: ['A'] } };
    expect(entryFingerprint(a)).toBe(entryFingerprint(b));
    expect(
      entryFingerprint({ ...a, properties: { ...a.properties, birthDate: ['1970'] } }),
    ).not.toBe(entryFingerprint(a));
    const before = new Map([
      ['1', 'x'],
      ['2', 'y'],
      ['3', 'z'],
    ]);
    const after = new Map([
      ['1', 'x'],
      ['2', 'y2'],
      ['4', 'w'],
    ]);
    expect(diffEntries(before, after)).toEqual({ added: ['4'], changed: ['2'], removed: ['3'] });
  });

  it('amend a version with OFAC extras: added stays added, a change undone is no change', () => {
    const version = [
      { entity_id: 'a', change: 'added' as const, caption: 'A', before: null, after: 'a1' },
      { entity_id: 'b', change: 'changed' as const, caption: 'B', before: 'b0', after: 'b1' },
      { entity_id: 'c', change: 'changed' as const, caption: 'C', before: 'c0', after: 'c1' },
    ];
    const amended = amendVersion(version, [
      { id: 'a', caption: 'A', was: 'a1', now: 'a2' },
      // sdn.csv dropped b's aliases; alt.csv brings them back: b is what it was.
      { id: 'b', caption: 'B', was: 'b1', now: 'b0' },
      { id: 'd', caption: 'D', was: 'd0', now: 'd1' },
    ]);
    expect(amended.map((c) => [c.entity_id, c.change, c.before, c.after])).toEqual([
      ['a', 'added', null, 'a2'],
      ['c', 'changed', 'c0', 'c1'],
      ['d', 'changed', 'd0', 'd1'],
    ]);
  });
});
