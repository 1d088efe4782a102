import { z } from 'zod';
import { readCsv } from '../core/csv.ts';
import { ChokepointError } from '../core/errors.ts';
import { optionalText, parseRow } from '../core/schema.ts';
import type { NameRecord } from './record.ts';

/**
 * The CSV that `match` and `screen` read: `id, name` and optionally `schema, aliases
 * (joined by ";"), country, city, birth_date, email, phone, address, registration_number`.
 */
export const NameRowSchema = z.object({
  id: z.string().trim().min(1, 'a non-empty id'),
  name: z.string().trim().min(1, 'a non-empty name'),
  schema: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
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
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date as YYYY, YYYY-MM or YYYY-MM-DD')
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
    names: [row.name, ...split(row.aliases)],
    countries: split(row.country),
    cities: split(row.city),
    birthDates: split(row.birth_date),
    emails: split(row.email),
    phones: split(row.phone),
    addresses: row.address ? [row.address] : [],
    identifiers: split(row.registration_number),
  };
}

/** Reads the names CSV, refusing a bad row with its line and field, and duplicate ids. */
export function readNameCsv(text: string, file: string): NameRecord[] {
  const { records } = readCsv(text, { file, required: ['id', 'name'] });
  const seen = new Map<string, number>();
  return records.map((r) => {
    const row = parseRow(NameRowSchema, r.values, { file, line: r.line });
    const first = seen.get(row.id);
    if (first !== undefined) {
      throw new ChokepointError(
        'CP_IMPORT_BAD_ROW',
        `duplicate id "${row.id}" (first on line ${first})`,
        { file, line: r.line, field: 'id', expected: 'a unique id' },
      );
    }
    seen.set(row.id, r.line);
    return recordFromRow(row);
  });
}
