import { z } from 'zod';
import { readCsv } from '../core/csv.ts';
import { isoDateOf, PARTIAL_DATES_RE } from '../core/date.ts';
import { ChokepointError } from '../core/errors.ts';
import { optionalText, parseRow } from '../core/schema.ts';
import type { NameRecord } from './record.ts';

/** FollowTheMoney schema names as they are spelled (Person); other casings are read as them. */
const SCHEMAS = new Map(
  [
    'Person',
    'Company',
    'Organization',
    'LegalEntity',
    'PublicBody',
    'Vessel',
    'Airplane',
    'Vehicle',
    'Thing',
    'Address',
  ].map((s) => [s.toLowerCase(), s]),
);

function canonicalSchema(value: string): string {
  const lower = value.toLowerCase().replace(/[\s_-]/g, '');
  if (lower === 'organisation') return 'Organization';
  return SCHEMAS.get(lower) ?? value;
}

/**
 * Birth dates as lists and exports write them, to YYYY[-MM[-DD]]: an ISO timestamp loses its
 * time, YYYY/MM/DD and YYYY.MM.DD their separators, DD.MM.YYYY and DD/MM/YYYY turn around
 * (day first, as in most of the world; with slashes, when the day could be a month and the month
 * a day, as 03/04/1970, which the United States reads the other way, only the year is kept). Anything else is left for the schema to refuse with its line.
 */
function normaliseDates(value: string): string {
  return value
    .split(';')
    .map((part) => {
      const v = part.trim();
      const iso = /^(\d{4})[-/.](\d{2})[-/.](\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
        v,
      );
      if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
      const dayFirst = /^(\d{1,2})([./])(\d{1,2})\2(\d{4})$/.exec(v);
      if (dayFirst) {
        const [d, m] = [Number(dayFirst[1]), Number(dayFirst[3])];
        // Dots are day first everywhere; slashes are month first in the United States.
        const ambiguous = dayFirst[2] === '/' && d <= 12 && m <= 12 && d !== m;
        // An ambiguous one keeps its year only: right either way, and still a useful fact.
        if (ambiguous) return dayFirst[4]!;
        const ymd = isoDateOf(Number(dayFirst[4]), m, d);
        if (ymd) return ymd;
      }
      return v;
    })
    .join(';');
}

/**
 * The CSV that `match` and `screen` read: `id, name` and optionally `schema, aliases
 * (joined by ";"), country, city, birth_date, email, phone, address, registration_number`.
 */
export const NameRowSchema = z.object({
  id: z.string().trim().min(1, 'a non-empty id'),
  // A record without a name is matched on its other fields (birth date, e-mail, phone, city,
  // registration number); one with none of them is reported and skipped by `match`.
  name: z.string().trim().default(''),
  schema: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : canonicalSchema(v.trim())) : v),
    z
      .string()
      .regex(/^[A-Z][A-Za-z]*$/, 'a FollowTheMoney schema such as Person or Company')
      .nullable()
      .default(null),
  ),
  aliases: optionalText.default(null),
  country: optionalText.default(null),
  city: optionalText.default(null),
  birth_date: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : normaliseDates(v)) : v),
    z
      .string()
      .regex(PARTIAL_DATES_RE, 'dates as YYYY, YYYY-MM or YYYY-MM-DD (several joined by ";")')
      .nullable()
      .default(null),
  ),
  email: optionalText.default(null),
  phone: optionalText.default(null),
  address: optionalText.default(null),
  registration_number: optionalText.default(null),
});
export type NameRow = z.output<typeof NameRowSchema>;

const split = (v: string | null): string[] =>
  v
    ? v
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

export function recordFromRow(row: NameRow): NameRecord {
  return {
    id: row.id,
    schema: row.schema,
    names: [row.name, ...split(row.aliases)].filter(Boolean),
    countries: split(row.country),
    cities: split(row.city),
    birthDates: split(row.birth_date),
    emails: split(row.email),
    phones: split(row.phone),
    addresses: row.address ? [row.address] : [],
    identifiers: split(row.registration_number),
  };
}

/**
 * Column names other exports use for ours (OpenSanctions' targets.simple.csv: countries,
 * identifiers, phones, emails, addresses): read as ours when ours is absent.
 */
const COLUMN_SYNONYMS: Record<string, string> = {
  countries: 'country',
  identifiers: 'registration_number',
  phones: 'phone',
  emails: 'email',
  addresses: 'address',
  birth_dates: 'birth_date',
};

function withSynonyms(values: Record<string, string>): Record<string, string> {
  let out = values;
  for (const [theirs, ours] of Object.entries(COLUMN_SYNONYMS))
    if (values[theirs] !== undefined && values[ours] === undefined)
      out = { ...out, [ours]: values[theirs]! };
  return out;
}

/** Reads the names CSV, refusing a bad row with its line and field, and duplicate ids. */
export function readNameCsv(text: string, file: string): NameRecord[] {
  return readNameRows(text, file).map(recordFromRow);
}

/** The names CSV's rows as checked, before they become records (a job's input carries these). */
export function readNameRows(text: string, file: string): NameRow[] {
  const { records } = readCsv(text, { file, required: ['id', 'name'] });
  const seen = new Map<string, number>();
  return records.map((r) => {
    const row = parseRow(NameRowSchema, withSynonyms(r.values), { file, line: r.line });
    const first = seen.get(row.id);
    if (first !== undefined) {
      throw new ChokepointError(
        'CP_IMPORT_BAD_ROW',
        `duplicate id "${row.id}" (first on line ${first})`,
        { file, line: r.line, field: 'id', expected: 'a unique id' },
      );
    }
    seen.set(row.id, r.line);
    return row;
  });
}
