import { parseDayMonthYear } from '../../core/date.ts';
import { ChokepointError } from '../../core/errors.ts';
import { readXmlTree } from '../../core/xml.ts';
import type { FtmEntity } from '../../network/ftm.ts';
import { normaliseCountry } from '../record.ts';
import { ofacDates, SCHEMA_OF } from './ofac.ts';
import { pushProp } from './props.ts';
import { checkListXml, linesOf, nodes, text, type Node } from './xml.ts';

/**
 * The OFAC SDN list as XML (sdn.xml, schema sdnList.xsd): one `sdnEntry` per designation
 * with its uid, names, type, programmes, aliases (a.k.a./f.k.a., strong or weak), addresses,
 * identity documents, nationalities, citizenships, dates and places of birth, and the
 * publication date in `publshInformation` (sic). The same entry numbers (`uid`) as sdn.csv,
 * so an entity keeps its id whichever of the two files a list was loaded from.
 */

const REPEATED = new Set([
  'sdnEntry',
  'program',
  'aka',
  'address',
  'id',
  'nationality',
  'citizenship',
  'dateOfBirthItem',
  'placeOfBirthItem',
]);

const EXPECTED = 'the OFAC SDN list XML (sdnList with sdnEntry elements)';

export function looksLikeOfacXml(head: string): boolean {
  return /<(?:\w+:)?sdnList[\s>]/.test(head.slice(0, 4096));
}

function fullName(n: Node): string | null {
  return [text(n.firstName), text(n.lastName)].filter(Boolean).join(' ') || null;
}

function addAliases(props: Record<string, unknown[]>, entry: Node): void {
  for (const a of nodes((entry.akaList as Node | undefined)?.aka)) {
    const name = fullName(a);
    const type = (text(a.type) ?? '').toLowerCase();
    if (type.startsWith('f.k.a')) pushProp(props, 'previousName', name);
    else if ((text(a.category) ?? '').toLowerCase() === 'weak') pushProp(props, 'weakAlias', name);
    else pushProp(props, 'alias', name);
  }
}

function addPlaces(props: Record<string, unknown[]>, entry: Node): void {
  for (const a of nodes((entry.addressList as Node | undefined)?.address)) {
    const country = text(a.country);
    const parts = [
      text(a.address1),
      text(a.address2),
      text(a.address3),
      text(a.city),
      text(a.stateOrProvince),
      text(a.postalCode),
      country,
    ];
    pushProp(props, 'address', parts.filter(Boolean).join(', ') || null);
    pushProp(props, 'country', country ? normaliseCountry(country) : null);
  }
  for (const n of nodes((entry.nationalityList as Node | undefined)?.nationality)) {
    const c = text(n.country);
    pushProp(props, 'nationality', c ? normaliseCountry(c) : null);
  }
  for (const n of nodes((entry.citizenshipList as Node | undefined)?.citizenship)) {
    const c = text(n.country);
    pushProp(props, 'country', c ? normaliseCountry(c) : null);
  }
}

function addDocuments(props: Record<string, unknown[]>, entry: Node): void {
  for (const d of nodes((entry.idList as Node | undefined)?.id)) {
    const type = (text(d.idType) ?? '').toLowerCase();
    const number = text(d.idNumber);
    if (type.startsWith('email')) pushProp(props, 'email', number);
    else if (type.startsWith('phone') || type.startsWith('telephone'))
      pushProp(props, 'phone', number);
    else if (type.includes('passport')) pushProp(props, 'passportNumber', number);
    else if (type.includes('registration') || type.includes('tax id'))
      pushProp(props, 'registrationNumber', number);
    else if (
      type.includes('national id') ||
      type.includes('cedula') ||
      type.includes('identification')
    )
      pushProp(props, 'idNumber', number);
  }
}

function entityOf(entry: Node, file: string, line: number): FtmEntity {
  const uid = text(entry.uid);
  if (!uid || !/^\d+$/.test(uid))
    throw new ChokepointError('CP_IMPORT_BAD_ROW', 'an sdnEntry without a numeric uid', {
      file,
      line,
      field: 'uid',
      expected: 'the entry number (digits)',
      got: uid ?? undefined,
    });
  const name = fullName(entry);
  if (!name)
    throw new ChokepointError('CP_IMPORT_BAD_ROW', `sdnEntry ${uid} has no name`, {
      file,
      line,
      field: 'lastName',
      expected: 'a name',
    });
  const props: Record<string, unknown[]> = {};
  const type = (text(entry.sdnType) ?? '').toLowerCase();
  const schema = SCHEMA_OF[type] ?? 'LegalEntity';
  pushProp(props, 'name', name);
  if (schema === 'Person') {
    pushProp(props, 'firstName', text(entry.firstName));
    pushProp(props, 'lastName', text(entry.lastName));
  }
  addAliases(props, entry);
  addPlaces(props, entry);
  addDocuments(props, entry);
  for (const d of nodes((entry.dateOfBirthList as Node | undefined)?.dateOfBirthItem))
    pushProp(props, 'birthDate', ...ofacDates(text(d.dateOfBirth) ?? ''));
  for (const p of nodes((entry.placeOfBirthList as Node | undefined)?.placeOfBirthItem))
    pushProp(props, 'birthPlace', text(p.placeOfBirth));
  const programs = (entry.programList as Node | undefined)?.program;
  for (const p of Array.isArray(programs) ? programs : [programs])
    pushProp(props, 'program', text(p));
  pushProp(props, 'title', text(entry.title));
  pushProp(props, 'notes', text(entry.remarks));
  pushProp(props, 'topics', 'sanction');
  return { id: `ofac-${uid}`, schema, properties: props };
}

export interface OfacXmlList {
  entities: FtmEntity[];
  /** Publish_Date as ISO (the file writes MM/DD/YYYY); null when absent. */
  published: string | null;
}

/** Publish_Date is American (04/08/2021 is 8 April). */
function publishDate(raw: string | null): string | null {
  if (!raw) return null;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  return m ? parseDayMonthYear(`${m[2]}/${m[1]}/${m[3]}`) : parseDayMonthYear(raw);
}

/** Parses sdn.xml into FtM entities (ids `ofac-<uid>`, as sdn.csv gives them). */
export function parseOfacXml(xml: string, file: string): OfacXmlList {
  checkListXml(xml, file, EXPECTED);
  const doc = readXmlTree(xml, (name) => REPEATED.has(name)) as Node;
  const root = doc.sdnList as Node | undefined;
  if (!root)
    throw new ChokepointError('CP_IMPORT_BAD_FILE', 'no sdnList element', {
      file,
      line: 1,
      expected: EXPECTED,
    });
  const lines = linesOf(xml, 'sdnEntry');
  const seen = new Map<string, number>();
  const entities = nodes(root.sdnEntry).map((entry, i) => {
    const line = lines[i] ?? 1;
    const e = entityOf(entry, file, line);
    const first = seen.get(e.id);
    if (first !== undefined)
      throw new ChokepointError(
        'CP_IMPORT_BAD_ROW',
        `duplicate uid ${e.id.slice(5)} (first on line ${first})`,
        { file, line, field: 'uid', expected: 'a unique uid' },
      );
    seen.set(e.id, line);
    return e;
  });
  const info = root.publshInformation as Node | undefined;
  return { entities, published: publishDate(text(info?.Publish_Date)) };
}
