import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { addDays } from '../core/date.ts';
import { ChokepointError } from '../core/errors.ts';
import { stableId } from '../core/ids.ts';
import { lineAt } from '../core/nesting.ts';
import { parseRow } from '../core/schema.ts';
import { IncidentSchema, type Incident } from '../incidents/schema.ts';
import {
  FTM_SCHEMAS,
  FtmEntitySchema,
  checkImportedEntity,
  mergeFragments,
  type FtmEntity,
} from '../network/ftm.ts';
import { OrderSchema, type Order } from '../network/orders.ts';

/**
 * Mappings for spreadsheets (issue 21, item 6), after FollowTheMoney's mapping files as
 * Aleph reads them: which columns of a table make which entities (a schema, the key
 * columns its id is made from, its properties) and, beside them, which make orders or
 * incidents (the fields of the orders and incidents CSVs). Written in YAML or JSON:
 *
 *   entities:
 *     seller: { schema: Company, keys: [Supplier], properties: { name: Supplier, country: Country } }
 *     director: { schema: Person, keys: [Director], properties: { name: Director } }
 *     directorship: { schema: Directorship, keys: [Supplier, Director],
 *                     properties: { organization: { entity: seller }, director: { entity: director } } }
 *   orders: { order_id: Ref, seller: Supplier, buyer: Customer, value: Amount }
 *
 * A value is a column's name, `{column}`, `{columns, join}`, `{literal}`, `{entity}` (the id
 * of another entity of the same row) or `{column, split}` (several values in one cell).
 */
const ValueSpecSchema = z.union([
  z.string().min(1),
  z.strictObject({ column: z.string().min(1), split: z.string().min(1).optional() }),
  z.strictObject({ columns: z.array(z.string().min(1)).min(1), join: z.string().default(' ') }),
  z.strictObject({ literal: z.string() }),
  z.strictObject({ entity: z.string().min(1) }),
]);
type ValueSpec = z.output<typeof ValueSpecSchema>;

const EntityMapSchema = z.strictObject({
  schema: z.string().refine((s) => FTM_SCHEMAS.has(s), {
    message: 'a schema of the FollowTheMoney model (Person, Company, Ownership, …)',
  }),
  keys: z.array(z.string().min(1)).min(1).describe('columns whose values make the id'),
  properties: z.record(z.string(), ValueSpecSchema),
});

const fieldsOf = (schema: z.ZodObject) => Object.keys(schema.shape) as [string, ...string[]];

export const MappingSchema = z
  .strictObject({
    sheet: z
      .union([z.string().min(1), z.number().int().min(1)])
      .optional()
      .describe('the sheet of a workbook, by name or number from 1 (default the first)'),
    entities: z.record(z.string().regex(/^[A-Za-z][\w-]*$/), EntityMapSchema).optional(),
    orders: z.partialRecord(z.enum(fieldsOf(OrderSchema)), ValueSpecSchema).optional(),
    incidents: z.partialRecord(z.enum(fieldsOf(IncidentSchema)), ValueSpecSchema).optional(),
  })
  .refine((m) => m.entities || m.orders || m.incidents, {
    message: 'at least one of entities, orders, incidents',
  });
export type Mapping = z.output<typeof MappingSchema>;

/** A mapping file's text (YAML, or JSON, which is YAML too) validated, or a coded error naming where. */
export function parseMapping(text: string, file: string): Mapping {
  if (text.length > 1_000_000)
    throw new ChokepointError('CP_LIMIT_EXCEEDED', 'the mapping file is larger than 1 MB', {
      file,
    });
  let raw: unknown;
  try {
    // Aliases are capped by the parser (maxAliasCount) so that a "billion laughs" file is refused.
    raw = parseYaml(text, { maxAliasCount: 100, prettyErrors: false });
  } catch (e) {
    const line = e instanceof YAMLParseError ? lineAt(text, e.pos[0]) : undefined;
    throw new ChokepointError(
      'CP_BAD_MAPPING',
      `the mapping is not YAML or JSON: ${(e as Error).message.split('\n')[0]}`,
      {
        file,
        line,
        expected: 'a YAML or JSON mapping (entities, orders, incidents)',
      },
    );
  }
  const r = MappingSchema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new ChokepointError('CP_BAD_MAPPING', `bad mapping: ${issue.message}`, {
    file,
    field: issue.path.join('.') || undefined,
    expected:
      'entities: {NAME: {schema, keys, properties}}, orders: {FIELD: COLUMN}, incidents: {FIELD: COLUMN}',
  });
}

/** A table read from a CSV or a sheet: its header and its rows with the line each stands on. */
export interface Table {
  header: string[];
  rows: { line: number; values: Record<string, string> }[];
}

export interface Mapped {
  entities: FtmEntity[];
  orders: Order[];
  incidents: Incident[];
}

/** Every column a mapping names, with where in the mapping it does. */
function columnsNamed(m: Mapping): { column: string; at: string }[] {
  const out: { column: string; at: string }[] = [];
  const of = (v: ValueSpec, at: string) => {
    if (typeof v === 'string') out.push({ column: v, at });
    else if ('column' in v) out.push({ column: v.column, at });
    else if ('columns' in v) for (const c of v.columns) out.push({ column: c, at });
  };
  for (const [name, e] of Object.entries(m.entities ?? {})) {
    for (const k of e.keys) out.push({ column: k, at: `entities.${name}.keys` });
    for (const [p, v] of Object.entries(e.properties)) of(v, `entities.${name}.properties.${p}`);
  }
  for (const part of ['orders', 'incidents'] as const)
    for (const [f, v] of Object.entries(m[part] ?? {})) of(v as ValueSpec, `${part}.${f}`);
  return out;
}

/** Refuses a mapping naming a column the table lacks, or an entity it does not map. */
export function checkMapping(
  m: Mapping,
  header: string[],
  files: { mapping: string; table: string },
): void {
  const have = new Set(header);
  for (const { column, at } of columnsNamed(m))
    if (!have.has(column))
      throw new ChokepointError(
        'CP_IMPORT_BAD_HEADER',
        `the mapping's column "${column}" is not in the file`,
        {
          file: files.table,
          field: at,
          expected: `one of the file's columns: ${header.join(', ')}`,
          got: column,
        },
      );
  const names = new Set(Object.keys(m.entities ?? {}));
  for (const [name, e] of Object.entries(m.entities ?? {}))
    for (const [p, v] of Object.entries(e.properties))
      if (typeof v === 'object' && 'entity' in v && !names.has(v.entity))
        throw new ChokepointError(
          'CP_BAD_MAPPING',
          `"${v.entity}" is not an entity of the mapping`,
          {
            file: files.mapping,
            field: `entities.${name}.properties.${p}`,
            expected: `one of ${[...names].join(', ')}`,
          },
        );
  for (const part of ['orders', 'incidents'] as const)
    for (const [f, v] of Object.entries(m[part] ?? {}))
      if (typeof v === 'object' && 'entity' in v)
        throw new ChokepointError(
          'CP_BAD_MAPPING',
          'an entity reference makes an entity property only',
          {
            file: files.mapping,
            field: `${part}.${f}`,
            expected: 'a column, columns or a literal',
          },
        );
}

const DATE_FIELDS = new Set(['order_date', 'buyer_first_seen', 'date']);

/**
 * A workbook keeps a date as its serial number (days since 1899-12-30, the 1900 date system
 * with Lotus's leap-year slip that every spreadsheet keeps): read back as a day in a date field.
 */
function dateCell(field: string, v: string): string {
  return DATE_FIELDS.has(field) && /^\d{5}(?:\.\d+)?$/.test(v)
    ? addDays('1899-12-30', Math.floor(Number(v)))
    : v;
}

function valuesOf(
  v: ValueSpec,
  row: Record<string, string>,
  ids: Record<string, string>,
): string[] {
  if (typeof v === 'string') return [row[v]?.trim() ?? ''].filter(Boolean);
  if ('literal' in v) return [v.literal].filter(Boolean);
  if ('entity' in v) return ids[v.entity] ? [ids[v.entity]!] : [];
  if ('columns' in v)
    return [
      v.columns
        .map((c) => row[c]?.trim() ?? '')
        .filter(Boolean)
        .join(v.join),
    ].filter(Boolean);
  const cell = row[v.column]?.trim() ?? '';
  return (v.split ? cell.split(v.split) : [cell]).map((s) => s.trim()).filter(Boolean);
}

/**
 * The records a table makes under a mapping, every row validated first (the first bad row
 * refused, naming file, line and field). An entity whose key cells are all empty is not
 * made for that row, nor a relation whose end was not made; one id made on several rows
 * is one entity with their properties united; a blank row makes nothing.
 */
export function applyMapping(m: Mapping, table: Table, file: string): Mapped {
  const fragments: { line: number; value: FtmEntity }[] = [];
  const orders: { line: number; value: Order }[] = [];
  const incidents: { line: number; value: Incident }[] = [];
  for (const { line, values } of table.rows) {
    if (Object.values(values).every((v) => !v.trim())) continue;
    const ids: Record<string, string> = {};
    for (const [name, e] of Object.entries(m.entities ?? {})) {
      const keys = e.keys.map((k) => values[k]?.trim() ?? '');
      if (keys.every((k) => !k)) continue;
      ids[name] = stableId(name, ...keys.map((k) => k.toLowerCase()));
    }
    for (const [name, e] of Object.entries(m.entities ?? {})) {
      if (!ids[name]) continue;
      const properties: Record<string, string[]> = {};
      let dangling = false;
      for (const [p, v] of Object.entries(e.properties)) {
        const vs = valuesOf(v, values, ids);
        if (typeof v === 'object' && 'entity' in v && vs.length === 0) dangling = true;
        if (vs.length) properties[p] = vs;
      }
      if (dangling) continue;
      const entity = parseRow(
        FtmEntitySchema,
        { id: ids[name], schema: e.schema, properties },
        { file, line },
      );
      checkImportedEntity(entity, file, line);
      fragments.push({ line, value: entity });
    }
    const record = (spec: Partial<Record<string, ValueSpec>>) =>
      Object.fromEntries(
        Object.entries(spec).map(([f, v]) => [f, dateCell(f, valuesOf(v!, values, ids).join(';'))]),
      );
    if (m.orders)
      orders.push({ line, value: parseRow(OrderSchema, record(m.orders), { file, line }) });
    if (m.incidents) {
      const r: Record<string, unknown> = record(m.incidents);
      // Sources as the incidents CSV writes them: "name|date" joined by ";".
      r.sources = String(r.sources ?? '')
        .split(';')
        .filter((s) => s.trim())
        .map((s) => ({ name: s.split('|')[0]!.trim(), date: s.split('|')[1]?.trim() || null }));
      incidents.push({ line, value: parseRow(IncidentSchema, r, { file, line }) });
    }
  }
  const { entities, conflict } = mergeFragments(fragments);
  if (conflict)
    throw new ChokepointError(
      'CP_IMPORT_BAD_ROW',
      `entity "${conflict.id}" is made as ${conflict.schemas[0]} and as ${conflict.schemas[1]}`,
      {
        file,
        line: conflict.line,
        field: 'schema',
        expected: 'one schema per entity id',
      },
    );
  return {
    entities,
    orders: unique(orders, (o) => o.order_id, file, 'order_id'),
    incidents: unique(incidents, (i) => i.id, file, 'id'),
  };
}

function unique<T>(
  rows: { line: number; value: T }[],
  key: (v: T) => string,
  file: string,
  field: string,
): T[] {
  const seen = new Map<string, number>();
  for (const { line, value } of rows) {
    const k = key(value);
    const first = seen.get(k);
    if (first !== undefined)
      throw new ChokepointError(
        'CP_DUPLICATE_ID',
        `${field} "${k}" appears twice (first on line ${first})`,
        {
          file,
          line,
          field,
          expected: 'each id once per file',
        },
      );
    seen.set(k, line);
  }
  return rows.map((r) => r.value);
}
