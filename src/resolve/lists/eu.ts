import { forEachCsvRow } from '../../core/csv.ts';
import { parseDayMonthYear } from '../../core/date.ts';
import { ChokepointError } from '../../core/errors.ts';
import type { FtmEntity } from '../../network/ftm.ts';
import { normaliseCountry } from '../record.ts';
import { pushProp } from './props.ts';
import {
  checkListXml,
  headAttribute,
  linesOf,
  nodes,
  readXmlWithAttributes,
  text,
  type Node,
} from './xml.ts';

/**
 * The EU consolidated list of persons, groups and entities subject to financial sanctions
 * (the Financial Sanctions Database export, format 1.1), as XML or as its CSV. In the XML
 * each `sanctionEntity` holds its data in attributes: `nameAlias` (wholeName, strong),
 * `citizenship`, `birthdate`, `identification`, `address`, `regulation` (programme). The
 * CSV is the same data one sub-record per row, `;`-separated, repeated entity columns,
 * and the file's generation date in every row.
 */

const REPEATED = new Set([
  'sanctionEntity',
  'nameAlias',
  'citizenship',
  'birthdate',
  'identification',
  'address',
  'regulation',
]);

const EXPECTED_XML = 'the EU consolidated financial sanctions XML (export with sanctionEntity)';

export function looksLikeEuXml(head: string): boolean {
  return (
    /<(?:\w+:)?export[\s>]/.test(head.slice(0, 4096)) && /sanctionEntity/.test(head.slice(0, 65536))
  );
}

/** The CSV's first header cell. */
export function looksLikeEuCsv(head: string): boolean {
  return /^\ufeff?"?fileGenerationDate"?;/i.test(head);
}

const SCHEMA_OF: Record<string, string> = { person: 'Person', enterprise: 'Organization' };

/** One entity's facts as both forms give them, before they become FtM properties. */
interface EuEntry {
  logicalId: string;
  subjectType: string;
  reference: string | null;
  names: { whole: string; strong: boolean }[];
  citizenships: string[];
  birthDates: string[];
  documents: { type: string; number: string }[];
  addresses: { full: string; country: string | null }[];
  programmes: string[];
  remark: string | null;
}

function entityOf(e: EuEntry, file: string, line: number): FtmEntity {
  const [primary, ...others] = e.names;
  if (!primary)
    throw new ChokepointError('CP_IMPORT_BAD_ROW', `entity ${e.logicalId} has no name`, {
      file,
      line,
      field: 'nameAlias.wholeName',
      expected: 'a name',
    });
  const props: Record<string, unknown[]> = {};
  pushProp(props, 'name', primary.whole);
  for (const n of others) pushProp(props, n.strong ? 'alias' : 'weakAlias', n.whole);
  pushProp(props, 'nationality', ...e.citizenships.map(normaliseCountry));
  pushProp(props, 'birthDate', ...e.birthDates);
  for (const d of e.documents)
    pushProp(props, d.type.includes('passport') ? 'passportNumber' : 'idNumber', d.number);
  for (const a of e.addresses) {
    pushProp(props, 'address', a.full || null);
    pushProp(props, 'country', a.country ? normaliseCountry(a.country) : null);
  }
  pushProp(props, 'program', ...e.programmes);
  pushProp(props, 'programId', e.reference);
  pushProp(props, 'notes', e.remark);
  pushProp(props, 'topics', 'sanction');
  const schema = SCHEMA_OF[e.subjectType.toLowerCase()] ?? 'LegalEntity';
  return { id: `eu-fsf-${e.logicalId}`, schema, properties: props };
}

/** A birth date from the full date, or the year when only it is known. */
function birthDateOf(full: string | null, year: string | null): string | null {
  const iso = full ? parseDayMonthYear(full) : null;
  if (iso) return iso;
  return year && /^\d{4}$/.test(year) ? year : null;
}

const attr = (n: Node, name: string): string | null => text(n[`@${name}`]);

function entryFromXml(n: Node): EuEntry {
  const subject = nodes(n.subjectType)[0];
  return {
    logicalId: attr(n, 'logicalId') ?? '',
    subjectType: (subject && attr(subject, 'code')) ?? '',
    reference: attr(n, 'euReferenceNumber'),
    names: nodes(n.nameAlias).flatMap((a) => {
      const whole =
        attr(a, 'wholeName') ??
        [attr(a, 'firstName'), attr(a, 'middleName'), attr(a, 'lastName')]
          .filter(Boolean)
          .join(' ');
      return whole ? [{ whole, strong: attr(a, 'strong') !== 'false' }] : [];
    }),
    citizenships: nodes(n.citizenship).flatMap(
      (c) => attr(c, 'countryIso2Code') ?? attr(c, 'countryDescription') ?? [],
    ),
    birthDates: nodes(n.birthdate).flatMap(
      (b) => birthDateOf(attr(b, 'birthdate'), attr(b, 'year')) ?? [],
    ),
    documents: nodes(n.identification).flatMap((d) => {
      const number = attr(d, 'number');
      const type = (attr(d, 'identificationTypeCode') ?? '').toLowerCase();
      return number ? [{ type, number }] : [];
    }),
    addresses: nodes(n.address).map((a) => ({
      full: [attr(a, 'street'), attr(a, 'city'), attr(a, 'zipCode'), attr(a, 'countryDescription')]
        .filter(Boolean)
        .join(', '),
      country: attr(a, 'countryIso2Code') ?? attr(a, 'countryDescription'),
    })),
    programmes: nodes(n.regulation).flatMap((r) => attr(r, 'programme') ?? []),
    remark: text(n.remark),
  };
}

export interface EuList {
  entities: FtmEntity[];
  published: string | null;
}

function checkUnique(entities: FtmEntity[], lines: number[], file: string, field: string): void {
  const seen = new Map<string, number>();
  entities.forEach((e, i) => {
    const first = seen.get(e.id);
    if (first !== undefined)
      throw new ChokepointError(
        'CP_IMPORT_BAD_ROW',
        `duplicate ${field} ${e.id.slice('eu-fsf-'.length)} (first on line ${first})`,
        { file, line: lines[i], field, expected: `a unique ${field}` },
      );
    seen.set(e.id, lines[i] ?? 1);
  });
}

/** Parses the EU XML export into FtM entities (ids `eu-fsf-<logicalId>`). */
export function parseEuXml(xml: string, file: string): EuList {
  checkListXml(xml, file, EXPECTED_XML);
  const doc = readXmlWithAttributes(xml, REPEATED);
  const root = doc.export as Node | undefined;
  if (!root)
    throw new ChokepointError('CP_IMPORT_BAD_FILE', 'no export element', {
      file,
      line: 1,
      expected: EXPECTED_XML,
    });
  const lines = linesOf(xml, 'sanctionEntity');
  const entities = nodes(root.sanctionEntity).map((n, i) => {
    const entry = entryFromXml(n);
    if (!entry.logicalId)
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'a sanctionEntity without logicalId', {
        file,
        line: lines[i],
        field: 'logicalId',
        expected: 'the EU entity identifier',
      });
    return entityOf(entry, file, lines[i] ?? 1);
  });
  checkUnique(entities, lines, file, 'logicalId');
  const generated = headAttribute(xml, 'export', 'generationDate');
  return { entities, published: generated ? parseDayMonthYear(generated) : null };
}

/** The CSV columns read (format 1.1); the rest are kept out. */
const CSV_COLUMNS = [
  'fileGenerationDate',
  'Entity_LogicalId',
  'Entity_EU_ReferenceNumber',
  'Entity_SubjectType',
  'Entity_Remark',
  'NameAlias_WholeName',
  'NameAlias_Strong',
  'Citizenship_CountryIso2Code',
  'BirthDate_BirthDate',
  'BirthDate_Year',
  'Identification_Number',
  'Identification_TypeCode',
  'Address_Street',
  'Address_City',
  'Address_CountryIso2Code',
  'Address_CountryDescription',
  'Entity_Regulation_Programme',
] as const;

function csvEntry(rows: Record<string, string>[]): EuEntry {
  const first = rows[0]!;
  const all = (col: string) => [...new Set(rows.map((r) => (r[col] ?? '').trim()).filter(Boolean))];
  const names = new Map<string, boolean>();
  for (const r of rows) {
    const whole = (r.NameAlias_WholeName ?? '').trim();
    if (whole && !names.has(whole))
      names.set(whole, (r.NameAlias_Strong ?? '').toLowerCase() !== 'false');
  }
  return {
    logicalId: (first.Entity_LogicalId ?? '').trim(),
    subjectType: (first.Entity_SubjectType ?? '').trim(),
    reference: (first.Entity_EU_ReferenceNumber ?? '').trim() || null,
    names: [...names].map(([whole, strong]) => ({ whole, strong })),
    citizenships: all('Citizenship_CountryIso2Code'),
    birthDates: rows.flatMap(
      (r) => birthDateOf(r.BirthDate_BirthDate ?? null, r.BirthDate_Year ?? null) ?? [],
    ),
    documents: rows.flatMap((r) =>
      r.Identification_Number?.trim()
        ? [
            {
              type: (r.Identification_TypeCode ?? '').toLowerCase(),
              number: r.Identification_Number.trim(),
            },
          ]
        : [],
    ),
    addresses: rows.flatMap((r) => {
      const full = [r.Address_Street, r.Address_City, r.Address_CountryDescription]
        .map((v) => (v ?? '').trim())
        .filter(Boolean)
        .join(', ');
      return full ? [{ full, country: (r.Address_CountryIso2Code ?? '').trim() || null }] : [];
    }),
    programmes: all('Entity_Regulation_Programme'),
    remark: (first.Entity_Remark ?? '').trim() || null,
  };
}

/** Parses the EU CSV (`;`-separated, one row per name, date, document… of an entity). */
export function parseEuCsv(csv: string, file: string): EuList {
  let header: string[] = [];
  const groups = new Map<string, { line: number; rows: Record<string, string>[] }>();
  let published: string | null = null;
  forEachCsvRow(
    csv,
    file,
    (cells, line) => {
      if (line === 1 || header.length === 0) {
        header = cells.map((c) => c.trim());
        return;
      }
      if (cells.length === 1 && !cells[0]!.trim()) return;
      const row: Record<string, string> = {};
      for (const col of CSV_COLUMNS) {
        const i = header.indexOf(col);
        if (i >= 0) row[col] = cells[i] ?? '';
      }
      const id = (row.Entity_LogicalId ?? '').trim();
      if (!id)
        throw new ChokepointError('CP_IMPORT_BAD_ROW', 'a row without Entity_LogicalId', {
          file,
          line,
          field: 'Entity_LogicalId',
          expected: 'the EU entity identifier',
        });
      published ??= parseDayMonthYear((row.fileGenerationDate ?? '').trim());
      const g = groups.get(id) ?? { line, rows: [] };
      g.rows.push(row);
      groups.set(id, g);
    },
    { delimiter: ';', header: false },
  );
  const entities = [...groups.values()].map((g) => entityOf(csvEntry(g.rows), file, g.line));
  return { entities, published };
}
