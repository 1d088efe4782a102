import { isoDateOf, parseDayMonthYear } from '../../core/date.ts';
import { ChokepointError } from '../../core/errors.ts';

/**
 * Which column of a dataset file fills which field of an importer, for files as they come
 * in the wild: renamed (`year` for GTD's `iyear`, `lat` for ACLED's `latitude`), upper or
 * lower case, spaced or hyphenated ("Event Date", "sub-event type"), or named by the user
 * (`--map "Killed (total)=fatalities"`). Pure: the importers call it on the header line
 * and report what it chose.
 *
 * Order of choice, field by field: a column the user mapped to it, else a column with the
 * field's own name, else the field's aliases in the order listed (so that an ACLED file
 * with both `event_id_cnty` and `data_id` is keyed by the first). A column serves one
 * field only; headers are compared by `headerKey`.
 */

/** A field an importer reads, with the other names files give its column. */
export interface FieldSpec {
  field: string;
  aliases?: readonly string[];
}

/** How a field found its column. */
export type ColumnVia = 'name' | 'alias' | 'map';

/** The mapping an import used: every field read, its column as the file spells it, and how. */
export interface ColumnMapping {
  fields: { field: string; column: string; via: ColumnVia }[];
  /** Columns of the file no field reads. */
  unused: string[];
}

/** `--map` as given: the file's column (as written in its header) → the importer's field. */
export type ColumnMap = Record<string, string>;

/** A header name compared loosely: lower case, BOM and outer spaces gone, runs of anything else than letters and digits as one `_`. */
export function headerKey(h: string): string {
  return h
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * `--map` options (`column=field`, repeatable) as a column map. The last `=` splits, so a
 * column may hold one. An empty side, a field the importer does not read, or two columns
 * for one field is CP_BAD_OPTION.
 */
export function parseColumnMap(
  specs: readonly string[] | undefined,
  fields: readonly FieldSpec[],
  kind: string,
): ColumnMap {
  const out: ColumnMap = {};
  const known = new Set(fields.map((f) => f.field));
  const taken = new Map<string, string>();
  for (const spec of specs ?? []) {
    const eq = spec.lastIndexOf('=');
    const column = eq > 0 ? spec.slice(0, eq).trim() : '';
    const field = eq > 0 ? headerKey(spec.slice(eq + 1)) : '';
    if (!column || !field)
      throw new ChokepointError('CP_BAD_OPTION', `--map "${spec}" is not column=field`, {
        field: 'map',
        expected: 'COLUMN=FIELD, e.g. --map "Killed=fatalities"',
        got: spec,
      });
    if (!known.has(field))
      throw new ChokepointError('CP_BAD_OPTION', `${kind} has no field "${field}"`, {
        field: 'map',
        expected: `one of ${[...known].join(', ')}`,
        got: spec,
      });
    const before = taken.get(field);
    if (before !== undefined && before !== column)
      throw new ChokepointError(
        'CP_BAD_OPTION',
        `--map gives field "${field}" two columns ("${before}" and "${column}")`,
        { field: 'map', expected: 'one column per field', got: spec },
      );
    taken.set(field, column);
    out[column] = field;
  }
  return out;
}

/**
 * Column indexes for `fields` in `header` (-1 when the file has none), and the mapping
 * used. A mapped column the header lacks is CP_IMPORT_BAD_HEADER naming it. Missing
 * required fields are the importer's to refuse (see `missingColumn`).
 */
export function resolveColumns(
  header: readonly string[],
  fields: readonly FieldSpec[],
  map: ColumnMap | undefined,
  file: string,
): { index: Record<string, number>; mapping: ColumnMapping } {
  const keys = header.map(headerKey);
  const firstOf = new Map<string, number>();
  keys.forEach((k, i) => {
    if (k && !firstOf.has(k)) firstOf.set(k, i);
  });
  const used = new Set<number>();
  const index: Record<string, number> = {};
  const via = new Map<string, ColumnVia>();
  for (const [column, field] of Object.entries(map ?? {})) {
    let i = header.findIndex((h) => h.replace(/^\ufeff/, '').trim() === column);
    if (i < 0) i = firstOf.get(headerKey(column)) ?? -1;
    if (i < 0)
      throw new ChokepointError(
        'CP_IMPORT_BAD_HEADER',
        `--map names column "${column}", which the header does not have`,
        {
          file,
          line: 1,
          field: column,
          expected: `one of the file's columns (${header.map((h) => h.trim()).join(', ')})`,
        },
      );
    index[field] = i;
    via.set(field, 'map');
    used.add(i);
  }
  for (const f of fields) {
    if (index[f.field] !== undefined) continue;
    index[f.field] = -1;
    const names = [f.field, ...(f.aliases ?? [])];
    for (let n = 0; n < names.length; n++) {
      const i = firstOf.get(headerKey(names[n]!));
      if (i === undefined || used.has(i)) continue;
      index[f.field] = i;
      via.set(f.field, n === 0 ? 'name' : 'alias');
      used.add(i);
      break;
    }
  }
  const mapping: ColumnMapping = {
    fields: fields
      .filter((f) => index[f.field]! >= 0)
      .map((f) => ({
        field: f.field,
        column: header[index[f.field]!]!.replace(/^\ufeff/, '').trim(),
        via: via.get(f.field)!,
      })),
    unused: header
      .map((h, i) => (used.has(i) ? null : h.replace(/^\ufeff/, '').trim()))
      .filter((h): h is string => Boolean(h)),
  };
  return { index, mapping };
}

/** The refusal of a file whose header has no column for a required field. */
export function missingColumn(spec: FieldSpec, file: string, expected: string): ChokepointError {
  const aliases = spec.aliases?.length ? `, or one of ${spec.aliases.join(', ')}` : '';
  return new ChokepointError('CP_IMPORT_BAD_HEADER', `missing column "${spec.field}"`, {
    file,
    line: 1,
    field: spec.field,
    expected: `${expected}: a column "${spec.field}"${aliases}, or --map COLUMN=${spec.field}`,
  });
}

/**
 * One line saying which mapping an import used: the columns read under another name
 * (`data_id=event_id_cnty (alias)`, `Killed=fatalities (--map)`, as `--map` spells them),
 * how many were read by their own name, and the columns left unread.
 */
export function describeMapping(m: ColumnMapping): string {
  const renamed = m.fields
    .filter((f) => f.via !== 'name')
    .map((f) => `${f.column}=${f.field} (${f.via === 'map' ? '--map' : 'alias'})`);
  const byName = m.fields.length - renamed.length;
  const parts = [
    renamed.length ? renamed.join(', ') : 'no renamed columns',
    `${byName} column(s) by name`,
  ];
  if (m.unused.length)
    parts.push(
      `unused: ${m.unused.slice(0, 12).join(', ')}${m.unused.length > 12 ? `, … (${m.unused.length})` : ''}`,
    );
  return parts.join('; ');
}

/**
 * A dataset date as ISO: what `parseDayMonthYear` reads (2021-01-09, 09 January 2021,
 * 01-January-2015, 09/01/2021 day first, …) and year-first forms spreadsheets and other
 * tools write (2021/01/09, 2021.01.09, 20210109, with or without a time). Null when none
 * fits or the day does not exist.
 */
export function datasetDate(raw: string): string | null {
  const d = parseDayMonthYear(raw);
  if (d) return d;
  const t = raw.trim();
  const m =
    /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[T ].*)?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  return m ? isoDateOf(+m[1]!, +m[2]!, +m[3]!) : null;
}
