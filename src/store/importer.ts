import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import {
  BaselineRowSchema,
  SeizureItemSchema,
  type BaselineRow,
  type SeizureItem,
} from '../arms/schema.ts';
import { readCsv } from '../core/csv.ts';
import { decodeText, type TextEncoding } from '../core/encoding.ts';
import { ChokepointError, toChokepointError } from '../core/errors.ts';
import { newId, stableId } from '../core/ids.ts';
import { readJsonLines } from '../core/jsonl.ts';
import { lineAt } from '../core/nesting.ts';
import { EvidenceSchema, SourceSchema, type Evidence, type Source } from '../core/provenance.ts';
import { parseRow } from '../core/schema.ts';
import {
  parseColumnMap,
  type ColumnMap,
  type ColumnMapping,
  type FieldSpec,
} from '../incidents/importers/columns.ts';
import { IncidentSchema, type Incident } from '../incidents/schema.ts';
import {
  EDGE_SCHEMAS,
  FtmEntitySchema,
  checkImportedEntity,
  edgeEnds,
  mergeFragments,
  type FtmEntity,
} from '../network/ftm.ts';
import { OrderSchema, type Order } from '../network/orders.ts';
import { resolveOrderParties } from '../network/parties.ts';
import { baselineId, upsertBaseline, upsertItems } from './arms.ts';
import type { Store } from './connect.ts';
import { inTransaction } from './copy.ts';
import { listEntities, upsertEntities } from './entities.ts';
import { acledImportKind, gtdImportKind, upsertIncidents } from './incidents.ts';
import { upsertOrders } from './orders.ts';
import { indexRecords } from './search.ts';
import { addEvidence, upsertSources } from './sources.ts';
import { sanctionsKind } from './lists.ts';
import type { Database } from './types.ts';

export type Progress = (done: number, total: number, label: string) => void;

/** What a dataset kind's parser takes beyond the text: the user's column map, and who to tell the mapping used. */
export interface ParseOptions {
  map?: ColumnMap;
  onMapping?: (m: ColumnMapping) => void;
}

/**
 * One importable kind: `parse` turns a file's text into validated records (throwing a
 * coded error naming the line and field of the first bad row), `write` stores them inside
 * the import's transaction. Parsing comes first, whole, so a bad row never half-writes.
 */
export type ImportKind<T> = RecordImportKind<T> | StreamImportKind;

export interface RecordImportKind<T> {
  kind: string;
  parse(text: string, file: string, opts?: ParseOptions): T[];
  /** The fields a dataset kind reads through a column mapping (aliases, `--map`), which it reports. */
  columns?: readonly FieldSpec[];
  write(
    db: Kysely<Database>,
    caseId: string,
    records: T[],
    progress: (done: number) => void,
  ): Promise<void>;
}

/**
 * A kind too large to hold parsed (acled): `stream` reads, validates and writes in one
 * pass inside the import's transaction `db`, throwing the coded error of the first bad
 * row (which rolls back every row written before it). `afterCommit` runs once the
 * transaction has committed (PostgreSQL's VACUUM after a large load).
 */
export interface StreamImportKind {
  kind: string;
  columns?: readonly FieldSpec[];
  stream(
    store: Store,
    db: Kysely<Database>,
    caseId: string,
    text: string,
    file: string,
    opts: ParseOptions & { onProgress: (done: number, total: number) => void },
  ): Promise<{ rows: number; afterCommit?: () => Promise<void> }>;
}

const incidentsKind: ImportKind<Incident> = {
  kind: 'incidents',
  parse(text, file) {
    const looksCsv = /\.csv$/i.test(file) || /^[\ufeff]?id,/.test(text);
    const rows = looksCsv
      ? readCsv(text, { file, required: ['id'], complete: true }).records.map((r) => ({
          line: r.line,
          value: csvIncident(r.values),
        }))
      : readJsonLines(text, file);
    return uniqueBy(
      rows.map((r) => ({
        line: r.line,
        value: parseRow(IncidentSchema, r.value, { file, line: r.line }),
      })),
      (i) => i.id,
      file,
      'id',
    );
  },
  async write(db, caseId, incidents, progress) {
    await upsertIncidents(db, caseId, incidents, progress);
    const sources = new Map<string, Source>();
    const links: Evidence[] = [];
    for (const i of incidents) {
      for (const s of i.sources) {
        const id = sourceIdFor(s.name, s.date);
        if (!sources.has(id)) {
          sources.set(id, {
            id,
            title: s.name,
            publisher: s.name,
            kind: 'other',
            url: null,
            published: s.date,
            reliability: 'F',
          });
        }
        links.push({
          record_kind: 'incident',
          record_id: i.id,
          source_id: id,
          credibility: 6,
          page: null,
          excerpt: null,
        });
      }
    }
    await insertMissingSources(db, caseId, [...sources.values()]);
    await addEvidence(db, caseId, links);
    await indexRecords(
      db,
      caseId,
      incidents.map((i) => ({
        record_kind: 'incident',
        record_id: i.id,
        title: [i.date, i.place ?? i.admin1 ?? i.country, i.attack_type]
          .filter(Boolean)
          .join(' · '),
        body: [
          i.text,
          i.place,
          i.anchor_place,
          i.admin1,
          i.admin2,
          i.country,
          i.perpetrator,
          i.target,
        ]
          .filter(Boolean)
          .join(' '),
      })),
    );
  },
};

/** An incident CSV row (as `export incidents --format csv` writes it) back into a record. */
function csvIncident(v: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...v };
  const s = v.sources ?? '';
  if (s.startsWith('[')) {
    try {
      out.sources = JSON.parse(s);
    } catch {
      out.sources = s;
    }
  } else {
    out.sources = s
      ? s.split(';').map((part) => {
          const [name, date] = part.split('|');
          return { name: (name ?? '').trim(), date: date?.trim() || null };
        })
      : [];
  }
  return out;
}

/** The id under which a cited source name (and date) is stored. */
export function sourceIdFor(name: string, date: string | null): string {
  return stableId('src', name.trim().toLowerCase(), date ?? '');
}

/** Which of these ids a case already holds in a table (read 500 at a time, under the parameter limits). */
async function storedIds(
  db: Kysely<Database>,
  table: 'sources' | 'entities',
  caseId: string,
  ids: string[],
): Promise<Set<string>> {
  const have = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom(table)
      .select('id')
      .where('case_id', '=', caseId)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) have.add(r.id);
  }
  return have;
}

/** Adds sources not stored yet, leaving graded ones (from a sources file) untouched. */
async function insertMissingSources(
  db: Kysely<Database>,
  caseId: string,
  sources: Source[],
): Promise<void> {
  if (sources.length === 0) return;
  const have = await storedIds(
    db,
    'sources',
    caseId,
    sources.map((s) => s.id),
  );
  await upsertSources(
    db,
    caseId,
    sources.filter((s) => !have.has(s.id)),
  );
}

const seizuresKind: ImportKind<SeizureItem> = {
  kind: 'seizures',
  parse(text, file) {
    const { records } = readCsv(text, {
      file,
      required: ['seizure_id', 'item_id', 'category'],
      complete: true,
    });
    const items = uniqueBy(
      records.map((r) => ({
        line: r.line,
        value: parseRow(SeizureItemSchema, r.values, { file, line: r.line }),
      })),
      (i) => i.item_id,
      file,
      'item_id',
    );
    return items;
  },
  async write(db, caseId, items, progress) {
    await upsertItems(db, caseId, items, progress);
    await indexRecords(
      db,
      caseId,
      items.map((i) => ({
        record_kind: 'item',
        record_id: i.item_id,
        title: [i.model, i.serial_number].filter(Boolean).join(' '),
        body: [
          i.type,
          i.model,
          i.manufacturer,
          i.country_of_manufacture,
          i.calibre,
          i.serial_number,
          i.lot,
          i.seizure_place,
          i.notes,
        ]
          .filter(Boolean)
          .join(' '),
      })),
    );
  },
};

const baselineKind: ImportKind<BaselineRow> = {
  kind: 'baseline',
  parse(text, file) {
    const { records } = readCsv(text, { file, required: ['count'], complete: true });
    // Two rows of one key would be one row stored (the last kept on SQLite, an error on
    // PostgreSQL): refused, naming the second.
    return uniqueBy(
      records.map((r) => ({
        line: r.line,
        value: parseRow(BaselineRowSchema, r.values, { file, line: r.line }),
      })),
      baselineId,
      file,
      'model',
      (r) => [r.type, r.model, r.manufacturer, r.country_of_manufacture].join(' / '),
    );
  },
  async write(db, caseId, rows) {
    await upsertBaseline(db, caseId, rows);
  },
};

const ordersKind: ImportKind<Order> = {
  kind: 'orders',
  parse(text, file) {
    const { records } = readCsv(text, {
      file,
      required: ['order_id', 'seller', 'buyer'],
      complete: true,
    });
    return uniqueBy(
      records.map((r) => ({
        line: r.line,
        value: parseRow(OrderSchema, r.values, { file, line: r.line }),
      })),
      (o) => o.order_id,
      file,
      'order_id',
    );
  },
  async write(db, caseId, orders, progress) {
    const existing = await listEntities(db, {
      caseIds: [caseId],
      schema: ['Person', 'Company', 'Organization', 'LegalEntity', 'PublicBody'],
    });
    const { created, byOrder } = resolveOrderParties(orders, existing);
    await upsertEntities(db, caseId, created);
    await indexEntities(db, caseId, created);
    await upsertOrders(
      db,
      caseId,
      orders.map((o) => {
        const p = byOrder.get(o.order_id)!;
        return {
          ...o,
          seller_entity_id: p.seller,
          buyer_entity_id: p.buyer,
          payer_entity_id: p.payer,
          consignee_entity_id: p.consignee,
        };
      }),
      progress,
    );
    await indexRecords(
      db,
      caseId,
      orders.map((o) => ({
        record_kind: 'order',
        record_id: o.order_id,
        title: `${o.order_id} ${o.goods ?? ''}`.trim(),
        body: [
          o.seller,
          o.buyer,
          o.buyer_city,
          o.buyer_business,
          o.goods,
          o.payer,
          o.consignee,
          o.route,
          o.manufacturer,
          o.model,
          o.part_number,
          o.lot,
        ]
          .filter(Boolean)
          .join(' '),
      })),
    );
  },
};

async function indexEntities(
  db: Kysely<Database>,
  caseId: string,
  entities: FtmEntity[],
): Promise<void> {
  await indexRecords(
    db,
    caseId,
    entities.map((e) => {
      const names = Object.entries(e.properties)
        .filter(([k]) =>
          [
            'name',
            'alias',
            'previousName',
            'weakAlias',
            'firstName',
            'lastName',
            'city',
            'address',
            'country',
          ].includes(k),
        )
        .flatMap(([, v]) => v.map(String));
      return {
        record_kind: 'entity',
        record_id: e.id,
        title: names[0] ?? e.id,
        body: names.join(' '),
      };
    }),
  );
}

const ftmKind: ImportKind<FtmEntity> = {
  kind: 'ftm',
  parse(text, file) {
    const rows = readJsonLines(text, file).map((r) => {
      const value = parseRow(FtmEntitySchema, r.value, { file, line: r.line });
      checkImportedEntity(value, file, r.line);
      return { line: r.line, value };
    });
    const { entities, conflict } = mergeFragments(rows);
    if (conflict) {
      throw new ChokepointError(
        'CP_IMPORT_BAD_ROW',
        `entity "${conflict.id}" appears as ${conflict.schemas[0]} and as ${conflict.schemas[1]}`,
        {
          file,
          line: conflict.line,
          field: 'schema',
          expected: `fragments of one id to share a schema`,
        },
      );
    }
    const lines = new Map<string, number>();
    for (const r of rows) if (!lines.has(r.value.id)) lines.set(r.value.id, r.line);
    for (const e of entities) ftmOrigin.set(e, { file, line: lines.get(e.id)! });
    return entities;
  },
  async write(db, caseId, entities, progress) {
    await refuseDanglingRelations(db, caseId, entities);
    await upsertEntities(db, caseId, entities, progress);
    await indexEntities(db, caseId, entities);
  },
};

/** Where each entity of an FtM file was read, for the refusals its write makes. */
const ftmOrigin = new WeakMap<FtmEntity, { file: string; line: number }>();

/**
 * Refuses a relation naming an entity that is neither in the file nor stored in the case:
 * it would be an edge to nowhere, which the network and its reports cannot draw.
 */
async function refuseDanglingRelations(
  db: Kysely<Database>,
  caseId: string,
  entities: FtmEntity[],
): Promise<void> {
  const inFile = new Set(entities.map((e) => e.id));
  const wanted = new Set<string>();
  for (const e of entities) {
    const ends = edgeEnds(e);
    if (!ends) continue;
    for (const id of [ends.source, ends.target]) if (!inFile.has(id)) wanted.add(id);
  }
  if (wanted.size === 0) return;
  const stored = await storedIds(db, 'entities', caseId, [...wanted]);
  for (const e of entities) {
    const ends = edgeEnds(e);
    if (!ends) continue;
    for (const [end, id] of [
      ['source', ends.source],
      ['target', ends.target],
    ] as const) {
      if (inFile.has(id) || stored.has(id)) continue;
      const property = EDGE_SCHEMAS[e.schema]![end];
      throw new ChokepointError(
        'CP_IMPORT_BAD_ROW',
        `${e.schema} "${e.id}" names entity "${id}", which is neither in the file nor in case "${caseId}"`,
        {
          ...ftmOrigin.get(e),
          field: `properties.${property}`,
          expected: 'the id of an entity in the file or already imported',
          got: id,
        },
      );
    }
  }
}

interface SourceLine {
  source: Source;
  evidence: Evidence[];
}

/**
 * Sources as JSON lines, each with its grading and, optionally, `evidence`: the records
 * it supports (`{record_kind, record_id, credibility, page, excerpt}`).
 */
const sourcesKind: ImportKind<SourceLine> = {
  kind: 'sources',
  parse(text, file) {
    const rows = readJsonLines(text, file).map(({ line, value }) => {
      const v = (value ?? {}) as Record<string, unknown>;
      const source = parseRow(SourceSchema, v, { file, line });
      const ev = Array.isArray(v.evidence) ? v.evidence : [];
      const evidence = ev.map((e) =>
        parseRow(EvidenceSchema, { ...(e as object), source_id: source.id }, { file, line }),
      );
      return { line, value: { source, evidence } };
    });
    return uniqueBy(rows, (l) => l.source.id, file, 'id');
  },
  async write(db, caseId, lines) {
    await upsertSources(
      db,
      caseId,
      lines.map((l) => l.source),
    );
    await addEvidence(
      db,
      caseId,
      lines.flatMap((l) => l.evidence),
    );
    await indexRecords(
      db,
      caseId,
      lines.map((l) => ({
        record_kind: 'source',
        record_id: l.source.id,
        title: l.source.title,
        body: [l.source.title, l.source.publisher].filter(Boolean).join(' '),
      })),
    );
  },
};

/** Kinds known to `import`; domain issues add theirs here (acled, gtd, bulletin, sanctions). */
export const IMPORT_KINDS: Record<string, ImportKind<unknown>> &
  Record<'incidents' | 'orders' | 'ftm', RecordImportKind<unknown>> = {
  incidents: incidentsKind as RecordImportKind<unknown>,
  seizures: seizuresKind as ImportKind<unknown>,
  baseline: baselineKind as ImportKind<unknown>,
  orders: ordersKind as RecordImportKind<unknown>,
  ftm: ftmKind as RecordImportKind<unknown>,
  sanctions: sanctionsKind as ImportKind<unknown>,
  sources: sourcesKind as ImportKind<unknown>,
  acled: acledImportKind,
  gtd: gtdImportKind as ImportKind<unknown>,
};

/**
 * `--map` specs (`column=field`) checked against a kind's fields: CP_BAD_OPTION for a
 * kind that reads no mapped columns, a malformed spec or an unknown field.
 */
export function columnMapFor(
  spec: ImportKind<unknown>,
  specs: readonly string[] | undefined,
): ColumnMap | undefined {
  if (!specs || specs.length === 0) return undefined;
  if (!spec.columns)
    throw new ChokepointError('CP_BAD_OPTION', `--map does not apply to ${spec.kind} files`, {
      field: 'map',
      expected: `a kind that reads its columns by mapping (${Object.values(IMPORT_KINDS)
        .filter((k) => k.columns)
        .map((k) => k.kind)
        .join(', ')})`,
    });
  return parseColumnMap(specs, spec.columns, spec.kind);
}

export function registerImportKind<T>(kind: ImportKind<T>): void {
  IMPORT_KINDS[kind.kind] = kind as ImportKind<unknown>;
}

export interface ImportResult {
  kind: string;
  file: string;
  rows: number;
  case_id: string;
  /** The columns a dataset file (acled, gtd) was read through; absent for other kinds. */
  mapping?: ColumnMapping;
  /** How the file's bytes were read (core/encoding.ts), when not as UTF-8. */
  encoding?: TextEncoding;
  /** What the user should know about the reading: an encoding guessed, a fallback taken. */
  warnings?: string[];
}

export interface ImportOptions {
  caseId?: string;
  onProgress?: Progress;
  /** The file's text when it did not come from disk and is already text. */
  text?: string;
  /** The file's bytes when they did not come from disk (uploads, stdin): decoded as a file is. */
  bytes?: Uint8Array;
  /** The id to log the import under, when the caller has already handed one out (API jobs). */
  importId?: string;
  /** `--map` as given, `column=field` each (acled and gtd only): CP_BAD_OPTION otherwise. */
  map?: readonly string[];
  /** Told the column mapping as soon as the header is read (before any row is checked). */
  onMapping?: (m: ColumnMapping) => void;
}

/**
 * Imports one file, all or nothing: every row is validated before anything is written,
 * and the writes run in one transaction. A refused file leaves the store as it was and
 * is logged in `imports` with its error.
 */
export async function importFile(
  store: Store,
  kind: string,
  file: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const spec = IMPORT_KINDS[kind];
  if (!spec) {
    throw new ChokepointError('CP_UNKNOWN_KIND', `cannot import kind "${kind}"`, {
      expected: `one of ${Object.keys(IMPORT_KINDS).join(', ')}`,
    });
  }
  const caseId = opts.caseId ?? 'default';
  const caseRow = await store.db
    .selectFrom('cases')
    .select('id')
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!caseRow) throw new ChokepointError('CP_NOT_FOUND', `no case "${caseId}"`, { field: 'case' });
  const map = columnMapFor(spec, opts.map);
  const name = file === '-' ? 'stdin' : basename(file);
  let mapping: ColumnMapping | undefined;
  const startedAt = new Date().toISOString();
  const importId = opts.importId ?? newId('imp');
  try {
    let text = opts.text;
    let decoded: ReturnType<typeof decodeText> | undefined;
    if (text === undefined) {
      let bytes = opts.bytes;
      if (bytes === undefined) {
        try {
          bytes = await readFile(file);
        } catch (e) {
          throw new ChokepointError(
            'CP_IMPORT_BAD_FILE',
            `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
            { file: name },
          );
        }
      }
      // UTF-8, UTF-16 by its mark, a stated Windows-1252 fallback; archives and UTF-32 refused.
      decoded = decodeText(bytes, name);
      text = decoded.text;
    }
    const parseOpts: ParseOptions = {
      map,
      onMapping: (m) => {
        mapping = m;
        opts.onMapping?.(m);
      },
    };
    // Whatever a kind's reader let through, a NUL cannot be stored (PostgreSQL refuses it):
    // the CSV and JSON readers name its field, this names the line for the others (XML).
    const refuseNul = (text: string) => {
      const nul = text.indexOf('\0');
      if (nul >= 0)
        throw new ChokepointError('CP_BAD_TEXT', 'a NUL character (U+0000) in the text', {
          file: name,
          line: lineAt(text, nul),
          expected: 'text without NUL characters',
        });
    };
    const logDone = (trx: Kysely<Database>, rows: number) =>
      trx
        .insertInto('imports')
        .values({
          id: importId,
          case_id: caseId,
          kind,
          file: name,
          rows,
          started_at: startedAt,
          finished_at: new Date().toISOString(),
          status: 'done',
          error: null,
          mapping: mapping ? JSON.stringify(mapping) : null,
        })
        .execute();
    let rows: number;
    if ('stream' in spec) {
      // Read and written in one pass, in one transaction: a bad row rolls it all back.
      const body = text;
      const done = await inTransaction(store, async (trx) => {
        const r = await spec.stream(store, trx, caseId, body, name, {
          ...parseOpts,
          onProgress: (d, total) => opts.onProgress?.(d, total, `importing ${kind}`),
        });
        refuseNul(body);
        await logDone(trx, r.rows);
        return r;
      });
      await done.afterCommit?.();
      rows = done.rows;
    } else {
      const records = spec.parse(text, name, parseOpts);
      refuseNul(text);
      opts.onProgress?.(0, records.length, `importing ${kind}`);
      // One transaction; on PostgreSQL on a client of its own, through which writers COPY.
      await inTransaction(store, async (trx) => {
        await spec.write(trx, caseId, records, (done) =>
          opts.onProgress?.(done, records.length, `importing ${kind}`),
        );
        await logDone(trx, records.length);
      });
      rows = records.length;
    }
    return {
      kind,
      file: name,
      rows,
      case_id: caseId,
      ...(mapping ? { mapping } : {}),
      ...(decoded && decoded.encoding !== 'utf-8' ? { encoding: decoded.encoding } : {}),
      ...(decoded?.warnings.length ? { warnings: decoded.warnings } : {}),
    };
  } catch (e) {
    const err = toChokepointError(e);
    await store.db
      .insertInto('imports')
      .values({
        id: importId,
        case_id: caseId,
        kind,
        file: name,
        rows: 0,
        started_at: startedAt,
        finished_at: new Date().toISOString(),
        status: 'refused',
        error: JSON.stringify(err.toJSON()),
        mapping: mapping ? JSON.stringify(mapping) : null,
      })
      .execute()
      .catch(() => undefined);
    throw err;
  }
}

/**
 * Writes records already validated (an API body) through their kind's writer, in one
 * transaction: the same rows, sources, evidence and search index as a file import, but
 * no entry in the import log.
 */
export async function writeRecords(
  store: Store,
  kind: string,
  caseId: string,
  records: unknown[],
): Promise<void> {
  const spec = IMPORT_KINDS[kind];
  if (!spec) {
    throw new ChokepointError('CP_UNKNOWN_KIND', `cannot write kind "${kind}"`, {
      expected: `one of ${Object.keys(IMPORT_KINDS).join(', ')}`,
    });
  }
  if ('stream' in spec)
    throw new ChokepointError('CP_UNKNOWN_KIND', `${kind} records are imported from files only`, {
      expected: 'a kind whose records can be written one by one (incidents)',
    });
  await store.db.transaction().execute(async (trx) => {
    await spec.write(trx, caseId, records, () => undefined);
  });
}

export type ImportLogEntry = Database['imports'];

/** The import log of a case, newest first. */
export async function listImports(db: Kysely<Database>, caseId: string): Promise<ImportLogEntry[]> {
  return db
    .selectFrom('imports')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('started_at', 'desc')
    .execute();
}

/** One logged import of a case, or undefined. */
export async function getImport(
  db: Kysely<Database>,
  caseId: string,
  id: string,
): Promise<ImportLogEntry | undefined> {
  return db
    .selectFrom('imports')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Refuses a file that carries the same key twice: the second would silently replace the first. */
function uniqueBy<T>(
  rows: { line: number; value: T }[],
  key: (t: T) => string,
  file: string,
  field: string,
  /** How the message names a key made of several fields (the baseline's type / model / …). */
  shown?: (t: T) => string,
): T[] {
  const seen = new Map<string, number>();
  for (const r of rows) {
    const k = key(r.value);
    const first = seen.get(k);
    if (first !== undefined) {
      throw new ChokepointError(
        'CP_IMPORT_BAD_ROW',
        shown
          ? `duplicate row "${shown(r.value)}" (first on line ${first})`
          : `duplicate ${field} "${k}" (first on line ${first})`,
        {
          file,
          line: r.line,
          field,
          expected: shown
            ? 'one row per type, model, manufacturer and country_of_manufacture'
            : `a unique ${field}`,
        },
      );
    }
    seen.set(k, r.line);
  }
  return rows.map((r) => r.value);
}
