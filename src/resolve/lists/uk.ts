import { forEachCsvRow } from '../../core/csv.ts';
import { isoDateOf, parseDayMonthYear } from '../../core/date.ts';
import { ChokepointError } from '../../core/errors.ts';
import { readXmlTree } from '../../core/xml.ts';
import type { FtmEntity } from '../../network/ftm.ts';
import { normaliseCountry } from '../record.ts';
import { pushProp } from './props.ts';
import { checkListXml, linesOf, nodes, text, type Node } from './xml.ts';

/**
 * The UK consolidated list of financial sanctions targets (OFSI, ConList) as CSV or XML. Both
 * have one row per name of a target: rows sharing a Group ID are one target, the "Primary
 * name" row its name and the others its aliases ("Alias Quality" low: a weak alias). Names
 * are in parts, Name 1–5 given names and Name 6 the surname or an entity's whole name.
 * Dates are day first; "00" stands for an unknown day or month. The CSV's first row says
 * when the list was last updated.
 */

/** A row of either form, keyed by the CSV's column names. */
type UkRow = Record<string, string>;

/** XML element names for the CSV's column names. */
const XML_NAMES: Record<string, string> = {
  'Name 1': 'Name1',
  'Name 2': 'Name2',
  'Name 3': 'Name3',
  'Name 4': 'Name4',
  'Name 5': 'Name5',
  'Name 6': 'Name6',
  'Group Type': 'GroupTypeDescription',
  'Alias Type': 'AliasType',
  'Alias Quality': 'AliasQuality',
  'Group ID': 'GroupID',
  DOB: 'Individual_DateOfBirth',
  Nationality: 'Individual_Nationality',
  'Passport Number': 'Individual_PassportNumber',
  'National Identification Number': 'Individual_NINumber',
  'Name Non-Latin Script': 'NameNonLatinScript',
  'Address 1': 'Address1',
  'Address 2': 'Address2',
  'Address 3': 'Address3',
  'Post/Zip Code': 'PostCode',
  Country: 'Country',
  Regime: 'RegimeName',
  'Listed On': 'DateListed',
  'Last Updated': 'LastUpdated',
  Title: 'Title',
};

const SCHEMA_OF: Record<string, string> = {
  individual: 'Person',
  entity: 'Organization',
  ship: 'Vessel',
};

export function looksLikeUkCsv(head: string): boolean {
  const first = head.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  return (
    /^"?(?:Last Updated|Report Date)\b/i.test(first) ||
    /^"?Name 6"?,"?Name 1"?,/i.test(first) ||
    /^"?Last Updated"?,"?Unique ID"?,/i.test(first)
  );
}

export function looksLikeUkXml(head: string): boolean {
  return /<(?:\w+:)?ArrayOfFinancialSanctionsTarget[\s>]/.test(head.slice(0, 4096));
}

/** A day-first date with "00" for unknown parts: the full date, the month, or the year. */
function ukDate(raw: string | undefined): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})/.exec((raw ?? '').trim());
  if (!m) return null;
  const [, d, mo, y] = m;
  if (y === '0000') return null;
  if (mo === '00') return y!;
  if (d === '00') return `${y}-${mo}`;
  return isoDateOf(+y!, +mo!, +d!);
}

function nameOf(r: UkRow): string | null {
  const parts = ['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5', 'Name 6']
    .map((k) => (r[k] ?? '').trim())
    .filter(Boolean);
  return parts.join(' ') || null;
}

function entityOf(id: string, rows: { line: number; row: UkRow }[], file: string): FtmEntity {
  const primary =
    rows.find((r) => /^primary name$/i.test((r.row['Alias Type'] ?? '').trim())) ?? rows[0]!;
  const name = nameOf(primary.row);
  if (!name)
    throw new ChokepointError('CP_IMPORT_BAD_ROW', `group ${id} has no name`, {
      file,
      line: primary.line,
      field: 'Name 6',
      expected: 'a name',
    });
  const props: Record<string, unknown[]> = {};
  pushProp(props, 'name', name);
  const p = primary.row;
  const type = (p['Group Type'] ?? '').trim().toLowerCase();
  const schema = SCHEMA_OF[type] ?? 'LegalEntity';
  for (const { row } of rows) {
    if (row === p) continue;
    const weak = /^low/i.test((row['Alias Quality'] ?? '').trim());
    pushProp(props, weak ? 'weakAlias' : 'alias', nameOf(row));
  }
  for (const { row } of rows) {
    pushProp(props, 'alias', (row['Name Non-Latin Script'] ?? '').trim());
    if (schema === 'Person') {
      pushProp(props, 'birthDate', ukDate(row.DOB));
      pushProp(props, 'nationality', ...splitList(row.Nationality).map(normaliseCountry));
      pushProp(props, 'passportNumber', (row['Passport Number'] ?? '').trim());
      pushProp(props, 'idNumber', (row['National Identification Number'] ?? '').trim());
      pushProp(props, 'title', (row.Title ?? '').trim());
    }
    const country = (row.Country ?? '').trim();
    const address = ['Address 1', 'Address 2', 'Address 3', 'Post/Zip Code']
      .map((k) => (row[k] ?? '').trim())
      .concat(country)
      .filter(Boolean)
      .join(', ');
    pushProp(props, 'address', address);
    pushProp(props, 'country', country ? normaliseCountry(country) : null);
  }
  pushProp(props, 'program', (p.Regime ?? '').trim());
  pushProp(props, 'createdAt', ukDate(p['Listed On']));
  pushProp(props, 'topics', 'sanction');
  return { id: `gb-hmt-${id}`, schema, properties: props };
}

/** "(1) Syria (2) Iraq" or "Syria" as countries. */
function splitList(raw: string | undefined): string[] {
  const t = (raw ?? '').trim();
  if (!t) return [];
  return t
    .split(/\(\d+\)/)
    .map((s) => s.trim().replace(/[,;]$/, ''))
    .filter(Boolean);
}

export interface UkList {
  entities: FtmEntity[];
  published: string | null;
}

function grouped(rows: { line: number; row: UkRow }[], file: string): FtmEntity[] {
  const groups = new Map<string, { line: number; row: UkRow }[]>();
  for (const r of rows) {
    const id = (r.row['Group ID'] ?? '').trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(id))
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'a row without a Group ID', {
        file,
        line: r.line,
        field: 'Group ID',
        expected: 'the group identifier (OFSI Group ID, or the UK Sanctions List Unique ID)',
        got: id,
      });
    const g = groups.get(id) ?? [];
    g.push(r);
    groups.set(id, g);
  }
  return [...groups].map(([id, g]) => entityOf(id, g, file));
}

/** The latest "Last Updated" of the rows: what the XML has instead of the CSV's first row. */
function latest(rows: { row: UkRow }[]): string | null {
  let best: string | null = null;
  for (const { row } of rows) {
    const d = parseDayMonthYear((row['Last Updated'] ?? '').trim().slice(0, 10));
    if (d && (!best || d > best)) best = d;
  }
  return best;
}

/**
 * The column names of the UK Sanctions List (FCDO, the successor of the OFSI list: a
 * `Report Date:` line, then one row per name of a designation, keyed by its Unique ID) as
 * the OFSI list names the same columns.
 */
const UKSL_COLUMNS: Record<string, string> = {
  'Unique ID': 'Group ID',
  'Name type': 'Alias Type',
  'Alias strength': 'Alias Quality',
  'D.O.B': 'DOB',
  'Nationality(/ies)': 'Nationality',
  'Designation Type': 'Group Type',
  'Regime Name': 'Regime',
  'Date Designated': 'Listed On',
  'Address Line 1': 'Address 1',
  'Address Line 2': 'Address 2',
  'Address Line 3': 'Address 3',
  'Address Postal Code': 'Post/Zip Code',
  'Address Country': 'Country',
  'Name non-latin script': 'Name Non-Latin Script',
};

/** A date written anywhere in a preamble line (`Report Date: 13-Feb-2026`, `Last Updated,07/03/2025`). */
function preambleDate(cells: string[]): string | null {
  const m = /(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4}|\d{1,2}[- ][A-Za-z]{3,9}[- ]\d{2,4})/.exec(
    cells.join(' '),
  );
  return m ? parseDayMonthYear(m[1]!) : null;
}

/**
 * Parses the OFSI CSV (`Last Updated,DD/MM/YYYY`, then the header, then one row per name),
 * or the UK Sanctions List CSV that followed it (`Report Date: …`, its own column names).
 */
export function parseUkCsv(csv: string, file: string): UkList {
  let header: string[] | null = null;
  let published: string | null = null;
  const rows: { line: number; row: UkRow }[] = [];
  forEachCsvRow(
    csv,
    file,
    (cells, line) => {
      if (!header) {
        const names = cells.map((c) => c.trim());
        if (!names.includes('Name 6')) {
          published ??= preambleDate(names);
          return;
        }
        const uksl = names.includes('Unique ID');
        header = names.map((h) => (uksl ? (UKSL_COLUMNS[h] ?? h) : h));
        if (!header.includes('Group ID'))
          throw new ChokepointError('CP_IMPORT_BAD_FILE', 'no Group ID column', {
            file,
            line,
            field: 'Group ID',
            expected:
              'the OFSI list header (Name 6, Name 1, …, Group ID) or the UK Sanctions List one (…, Unique ID)',
          });
        return;
      }
      if (cells.length === 1 && !cells[0]!.trim()) return;
      const row: UkRow = {};
      header.forEach((h, i) => (row[h] = cells[i] ?? ''));
      rows.push({ line, row });
    },
    { delimiter: ',', header: false },
  );
  if (!header)
    throw new ChokepointError('CP_IMPORT_BAD_FILE', 'no header row naming Name 6', {
      file,
      line: 1,
      field: 'Name 6',
      expected: 'the OFSI list header (Name 6, Name 1, …, Group ID) or the UK Sanctions List one',
    });
  return { entities: grouped(rows, file), published: published ?? latest(rows) };
}

const EXPECTED_XML = 'the OFSI consolidated list XML (ArrayOfFinancialSanctionsTarget)';

/** Parses the OFSI XML (`FinancialSanctionsTarget` elements, one per name). */
export function parseUkXml(xml: string, file: string): UkList {
  checkListXml(xml, file, EXPECTED_XML);
  const doc = readXmlTree(xml, (n) => n === 'FinancialSanctionsTarget') as Node;
  const root = doc.ArrayOfFinancialSanctionsTarget as Node | undefined;
  if (!root)
    throw new ChokepointError('CP_IMPORT_BAD_FILE', 'no ArrayOfFinancialSanctionsTarget element', {
      file,
      line: 1,
      expected: EXPECTED_XML,
    });
  const lines = linesOf(xml, 'FinancialSanctionsTarget');
  const rows = nodes(root.FinancialSanctionsTarget).map((n, i) => {
    const row: UkRow = {};
    for (const [csvName, xmlName] of Object.entries(XML_NAMES))
      row[csvName] = text(n[xmlName]) ?? '';
    return { line: lines[i] ?? 1, row };
  });
  return { entities: grouped(rows, file), published: latest(rows) };
}
