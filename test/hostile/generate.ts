/**
 * The hostile files too big to keep in the repository, written by code: nesting far beyond
 * MAX_NESTING (src/core/nesting.ts), and a UN consolidated list of any size in the layout of
 * examples/consolidated.xml (individuals with aliases, addresses, dates of birth, documents;
 * entities with aliases), made-up names from a seeded generator.
 */
import { rng } from '../../src/core/random.ts';

/** One JSON line nested `depth` arrays deep inside an incident-like object. */
export function deepJsonLine(depth: number, key = 'text'): string {
  return `{"id": "deep-1", "${key}": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

/** A UN list whose one individual holds an element nested `depth` deep. */
export function deepUnXml(depth: number): string {
  return unXml(1).replace(
    '<COMMENTS1>',
    `${'<X>'.repeat(depth)}${'</X>'.repeat(depth)}\n      <COMMENTS1>`,
  );
}

const FIRST = [
  'KHALID',
  'FADI',
  'OMAR',
  'AHMAD',
  'YUSUF',
  'SAMIR',
  'HASSAN',
  'TARIQ',
  'NABIL',
  'ZIAD',
];
const LAST = ['HAMOUD', 'SULEIMAN', 'AL-JUBOURI', 'KARAHAN', 'DEMIR', 'HADDAD', 'NASSER', 'SAAB'];
const PLACES: [string, string][] = [
  ['Tal Abyad', 'Syrian Arab Republic'],
  ['Raqqa', 'Syrian Arab Republic'],
  ['Mosul', 'Iraq'],
  ['Gaziantep', 'Türkiye'],
  ['Sanliurfa', 'Türkiye'],
];

/**
 * A UN consolidated list of `n` entries (nine individuals to one entity), DATAIDs from
 * 1 000 000 up, each entry unique by DATAID and by name (its number is part of it).
 */
export function unXml(n: number, seed = 7): string {
  const rnd = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const people: string[] = [];
  const firms: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = 1_000_000 + i;
    const [city, country] = pick(PLACES);
    if (i % 10 !== 9) {
      const first = pick(FIRST);
      const last = pick(LAST);
      people.push(`    <INDIVIDUAL>
      <DATAID>${id}</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>${first}</FIRST_NAME>
      <SECOND_NAME>${last}</SECOND_NAME>
      <THIRD_NAME>N${i}</THIRD_NAME>
      <UN_LIST_TYPE>Generated</UN_LIST_TYPE>
      <REFERENCE_NUMBER>GENi.${i}</REFERENCE_NUMBER>
      <LISTED_ON>2020-11-02</LISTED_ON>
      <COMMENTS1>Generated entry ${i} for the hostile corpus.</COMMENTS1>
      <NATIONALITY>
        <VALUE>${country}</VALUE>
      </NATIONALITY>
      <INDIVIDUAL_ALIAS>
        <QUALITY>Good</QUALITY>
        <ALIAS_NAME>${first.toLowerCase()} ${last.toLowerCase()} ${i}</ALIAS_NAME>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS>
        <QUALITY>Low</QUALITY>
        <ALIAS_NAME>Abu ${pick(FIRST).toLowerCase()} ${i}</ALIAS_NAME>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS>
        <CITY>${city}</CITY>
        <COUNTRY>${country}</COUNTRY>
      </INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>
        <FROM_YEAR>${1950 + (i % 40)}</FROM_YEAR>
        <TO_YEAR>${1952 + (i % 40)}</TO_YEAR>
      </INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT>
        <TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>
        <NUMBER>N${String(i).padStart(7, '0')}</NUMBER>
      </INDIVIDUAL_DOCUMENT>
    </INDIVIDUAL>
`);
    } else {
      firms.push(`    <ENTITY>
      <DATAID>${id}</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>${pick(LAST)} TRADING ${i}</FIRST_NAME>
      <UN_LIST_TYPE>Generated</UN_LIST_TYPE>
      <REFERENCE_NUMBER>GENe.${i}</REFERENCE_NUMBER>
      <LISTED_ON>2020-11-02</LISTED_ON>
      <ENTITY_ALIAS>
        <QUALITY>a.k.a.</QUALITY>
        <ALIAS_NAME>${pick(LAST).toLowerCase()} exchange ${i}</ALIAS_NAME>
      </ENTITY_ALIAS>
      <ENTITY_ADDRESS>
        <CITY>${city}</CITY>
        <COUNTRY>${country}</COUNTRY>
      </ENTITY_ADDRESS>
    </ENTITY>
`);
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2021-01-20T00:00:00">
  <INDIVIDUALS>
${people.join('')}  </INDIVIDUALS>
  <ENTITIES>
${firms.join('')}  </ENTITIES>
</CONSOLIDATED_LIST>
`;
}
