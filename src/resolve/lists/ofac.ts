import { forEachCsvRow } from '../../core/csv.ts';
import { ChokepointError } from '../../core/errors.ts';
import type { FtmEntity } from '../../network/ftm.ts';
import { normaliseCountry } from '../record.ts';
import { pushProp } from './props.ts';

/**
 * The OFAC SDN list in its legacy CSV files: `sdn.csv` (one row per entry), `alt.csv`
 * (aliases) and `add.csv` (addresses). None has a header; "-0-" means empty; lines end
 * in CRLF and the file may end with a DOS end-of-file byte (0x1A).
 */

export type OfacFile = 'sdn' | 'alt' | 'add';

export interface OfacAlias {
  entityId: string;
  kind: string;
  name: string;
}

export interface OfacAddress {
  entityId: string;
  address: string | null;
  city: string | null;
  country: string | null;
}

const EMPTY = '-0-';

function clean(v: string | undefined): string | null {
  if (v === undefined) return null;
  const t = v.trim();
  return t === '' || t === EMPTY ? null : t;
}

/** The row's entry number (ent_num, its first cell), which ties the three files together. */
function entryNumber(cells: string[], file: string, line: number): string {
  const num = clean(cells[0]);
  if (!num || !/^\d+$/.test(num))
    throw new ChokepointError('CP_IMPORT_BAD_ROW', 'the entry number is not a number', {
      file,
      line,
      field: 'ent_num',
      expected: 'digits',
      got: cells[0],
    });
  return num;
}

function rows(text: string, file: string): { line: number; cells: string[] }[] {
  // Strip the DOS end-of-file byte (0x1A) and trailing blank space.
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x1a || /\s/.test(text[end - 1]!))) end--;
  const body = text.slice(0, end).replace(/^\ufeff/, '');
  const out: { line: number; cells: string[] }[] = [];
  // A malformed file is refused by the reader with a coded error naming the file and line.
  forEachCsvRow(
    body,
    file,
    (cells, line) => {
      if (!(cells.length === 1 && cells[0]!.trim() === '')) out.push({ line, cells });
    },
    { delimiter: ',', header: false },
  );
  return out;
}

/** Which of the three files a text is, from its first row's shape; null when none. */
export function sniffOfac(text: string): OfacFile | null {
  const first = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  let cells: string[] = [];
  try {
    forEachCsvRow(first, undefined, (c) => (cells = cells.length ? cells : c), { delimiter: ',' });
  } catch {
    return null;
  }
  if (!/^\d+$/.test((cells[0] ?? '').trim())) return null;
  if (cells.length === 12) return 'sdn';
  if (cells.length === 5 && /^\d+$/.test((cells[1] ?? '').trim())) return 'alt';
  if (cells.length === 6 && /^\d+$/.test((cells[1] ?? '').trim())) return 'add';
  return null;
}

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/** "DOB 01 Jan 1960", "DOB Jan 1960", "DOB 1960", "DOB circa 1958", "DOB 1958 to 1960". */
function dates(remarks: string): string[] {
  const out: string[] = [];
  const re = /DOB\s+(?:circa\s+)?([^;]+)/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(remarks))) {
    const v = m[1]!.trim();
    const full = /^(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(v);
    const month = /^([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(v);
    const range = /^(\d{4})\s+to\s+(\d{4})/.exec(v);
    const year = /^(\d{4})/.exec(v);
    if (full && MONTHS[full[2]!.toLowerCase()])
      out.push(`${full[3]}-${MONTHS[full[2]!.toLowerCase()]}-${full[1]!.padStart(2, '0')}`);
    else if (month && MONTHS[month[1]!.toLowerCase()])
      out.push(`${month[2]}-${MONTHS[month[1]!.toLowerCase()]}`);
    else if (range)
      for (let y = Number(range[1]); y <= Number(range[2]) && y - Number(range[1]) < 15; y++)
        out.push(String(y));
    else if (year) out.push(year[1]!);
  }
  return out;
}

/** A date written as OFAC writes it (01 Jan 1960, Jan 1960, 1960, circa 1958, 1958 to 1960), as ISO dates or years. */
export function ofacDates(value: string): string[] {
  return dates(`DOB ${value}`);
}

function remarkValues(remarks: string, label: RegExp): string[] {
  const out: string[] = [];
  const re = new RegExp(`${label.source}\\s+([^;]+)`, 'gi');
  let m: RegExpExecArray | null;
  while ((m = re.exec(remarks))) out.push(m[1]!.trim().replace(/\.$/, ''));
  return out;
}

export const SCHEMA_OF: Record<string, string> = {
  individual: 'Person',
  vessel: 'Vessel',
  aircraft: 'Airplane',
};

/** sdn.csv: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. */
export function parseSdnCsv(text: string, file: string): FtmEntity[] {
  const out: FtmEntity[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows(text, file)) {
    if (cells.length < 3) {
      throw new ChokepointError('CP_IMPORT_BAD_ROW', `a row of ${cells.length} cells`, {
        file,
        line,
        expected: '12 cells as in sdn.csv',
      });
    }
    const num = entryNumber(cells, file, line);
    const name = clean(cells[1]);
    if (!name)
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'empty name', {
        file,
        line,
        field: 'SDN_Name',
        expected: 'a name',
      });
    const first = seen.get(num);
    if (first !== undefined) {
      throw new ChokepointError(
        'CP_IMPORT_BAD_ROW',
        `duplicate entry number ${num} (first on line ${first})`,
        { file, line, field: 'ent_num', expected: 'a unique ent_num' },
      );
    }
    seen.set(num, line);
    const type = (clean(cells[2]) ?? '').toLowerCase();
    const remarks = clean(cells[11]) ?? '';
    const props: Record<string, unknown[]> = {};
    pushProp(props, 'name', name);
    pushProp(props, 'program', clean(cells[3]));
    pushProp(props, 'title', clean(cells[4]));
    pushProp(props, 'notes', remarks || null);
    pushProp(props, 'topics', 'sanction');
    // Aliases, birth dates, nationality and documents live in the remarks.
    pushProp(
      props,
      'alias',
      ...remarkValues(remarks, /a\.k\.a\./).map((a) => a.replace(/^'|'$/g, '')),
    );
    pushProp(
      props,
      'weakAlias',
      ...remarkValues(remarks, /\(?\s*weak\s+a\.k\.a\.?\)?/).map((a) => a.replace(/^'|'$/g, '')),
    );
    pushProp(
      props,
      'previousName',
      ...remarkValues(remarks, /f\.k\.a\./).map((a) => a.replace(/^'|'$/g, '')),
    );
    pushProp(props, 'birthDate', ...dates(remarks));
    pushProp(props, 'nationality', ...remarkValues(remarks, /nationality/).map(normaliseCountry));
    pushProp(props, 'country', ...remarkValues(remarks, /citizen/).map(normaliseCountry));
    pushProp(
      props,
      'passportNumber',
      ...remarkValues(remarks, /Passport/).map((p) => p.split(/\s+\(/)[0]!),
    );
    pushProp(
      props,
      'registrationNumber',
      ...remarkValues(
        remarks,
        /(?:Registration (?:ID|Number)|Commercial Registry Number|Tax ID No\.|National ID No\.)/,
      ).map((p) => p.split(/\s+\(/)[0]!),
    );
    pushProp(props, 'email', ...remarkValues(remarks, /Email Address/));
    pushProp(props, 'phone', ...remarkValues(remarks, /(?:Phone|Telephone)(?: Number)?/));
    const schema = SCHEMA_OF[type] ?? 'LegalEntity';
    if (schema === 'Vessel') {
      pushProp(props, 'callSign', clean(cells[5]));
      pushProp(props, 'flag', clean(cells[9]));
    }
    out.push({ id: `ofac-${num}`, schema, properties: props });
  }
  return out;
}

/** alt.csv: ent_num, alt_num, alt_type (aka, fka, nka), alt_name, alt_remarks. */
export function parseAltCsv(text: string, file: string): OfacAlias[] {
  return rows(text, file).map(({ line, cells }) => {
    const num = entryNumber(cells, file, line);
    const name = clean(cells[3]);
    if (!name)
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'empty alias', {
        file,
        line,
        field: 'alt_name',
        expected: 'a name',
      });
    return { entityId: `ofac-${num}`, kind: (clean(cells[2]) ?? 'aka').toLowerCase(), name };
  });
}

/** add.csv: ent_num, add_num, address, city/state/postal, country, add_remarks. */
export function parseAddCsv(text: string, file: string): OfacAddress[] {
  return rows(text, file).map(({ line, cells }) => {
    const num = entryNumber(cells, file, line);
    const country = clean(cells[4]);
    return {
      entityId: `ofac-${num}`,
      address: clean(cells[2]),
      city: clean(cells[3]),
      country: country ? normaliseCountry(country) : null,
    };
  });
}

/** Adds alt.csv aliases and add.csv addresses to the SDN entities they name (in place). */
export function attachOfacExtras(
  entities: FtmEntity[],
  aliases: OfacAlias[],
  addresses: OfacAddress[],
): number {
  const byId = new Map(entities.map((e) => [e.id, e]));
  let attached = 0;
  for (const a of aliases) {
    const e = byId.get(a.entityId);
    if (!e) continue;
    const key = a.kind === 'fka' ? 'previousName' : a.kind.includes('weak') ? 'weakAlias' : 'alias';
    pushProp(e.properties as Record<string, unknown[]>, key, a.name);
    attached++;
  }
  for (const a of addresses) {
    const e = byId.get(a.entityId);
    if (!e) continue;
    pushProp(
      e.properties as Record<string, unknown[]>,
      'address',
      [a.address, a.city, a.country].filter(Boolean).join(', ') || null,
    );
    pushProp(e.properties as Record<string, unknown[]>, 'country', a.country);
    attached++;
  }
  return attached;
}
