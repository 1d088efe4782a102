import { CompiledQuery, SqliteAdapter, sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { ChokepointError, fromPostedError } from '../core/errors.ts';
import { foldText } from '../core/fold.ts';
import { admin1Keys, countryKeys } from '../geo/spellings.ts';
import { IncidentColumns } from '../incidents/columnar.ts';
import { proposeMerges, type MergeProposal } from '../incidents/dedupe.ts';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AcledWorkerJob, AcledWorkerMessage } from '../incidents/importers/acled-worker.ts';
import {
  ACLED_COLUMNS,
  ACLED_FIELDS,
  acledRollupSource,
  acledSearchEntries,
  forEachAcledBatch,
} from '../incidents/importers/acled.ts';
import type { ColumnMap, ColumnMapping, FieldSpec } from '../incidents/importers/columns.ts';
import { GTD_COLUMNS, parseGtd } from '../incidents/importers/gtd.ts';
import { INCIDENT_FIELDS, type Incident } from '../incidents/schema.ts';
import {
  checkPeriod,
  previousPeriod,
  summarise,
  summariseRollup,
  type Summary,
  type SummaryRow,
} from '../incidents/summary.ts';
import {
  actorRefsOf,
  resolveActorNames,
  resolveActorNamesSqlite,
  type ActorNameRef,
} from './actors.ts';
import { upsertRows } from './batch.ts';
import type { DayCellsSnapshot } from '../incidents/rollup-cells.ts';
import { copyClient, copyField, copyInto, inTransaction } from './copy.ts';
import {
  caseIsEmpty,
  caseIsEmptySqlite,
  readRollup,
  refreshRollupOfIds,
  rollupKeeper,
  storedSpan,
  storedSpanSqlite,
} from './rollups.ts';
import type SQLite from 'better-sqlite3';
import { sqliteHandle, type Store } from './connect.ts';
import type { ImportKind, ParseOptions, StreamImportKind } from './importer.ts';
import { countOf, searchIds, type PageArgs } from './paging.ts';
import { indexRecords } from './search.ts';
import type { Database, IncidentRow } from './types.ts';

export function incidentToRow(caseId: string, i: Incident, now: string): IncidentRow {
  // The contract fields only: the extraction's extras (actor, evidence, notes) are no columns.
  const fields = Object.fromEntries(INCIDENT_FIELDS.map((f) => [f, i[f]])) as Incident;
  return {
    case_id: caseId,
    ...fields,
    sources: JSON.stringify(i.sources),
    merged_into: null,
    created_at: now,
    country_f: foldOf(i.country),
    admin1_f: foldOf(i.admin1),
    perpetrator_f: foldOf(i.perpetrator),
  };
}

/** The folded columns (migration 0007) and the field each folds, in the writers' order. */
const FOLDED_COLUMNS = [
  ['country_f', 'country'],
  ['admin1_f', 'admin1'],
  ['perpetrator_f', 'perpetrator'],
] as const;

/** Folds of the few distinct names a dataset repeats, computed once each. */
const foldMemo = new Map<string, string | null>();

/** What a folded column holds for a value: foldText, null for nothing left after folding. */
function foldOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  let f = foldMemo.get(v);
  if (f === undefined) {
    f = foldText(v) || null;
    if (foldMemo.size > 100_000) foldMemo.clear();
    foldMemo.set(v, f);
  }
  return f;
}

/** The contract's columns but `sources` (parsed from JSON, and put last), in order. */
const ROW_FIELDS = INCIDENT_FIELDS.filter((f) => f !== 'sources');

export function rowToIncident(r: IncidentRow): Incident {
  // Field by field: an object rest over the row's 32 columns cost five times as much, and
  // a page maps every row it answers.
  const out: Record<string, unknown> = {};
  const row = r as unknown as Record<string, unknown>;
  for (const f of ROW_FIELDS) out[f] = row[f];
  out.sources = JSON.parse(r.sources) as Incident['sources'];
  return out as Incident;
}

export async function upsertIncidents(
  db: Kysely<Database>,
  caseId: string,
  incidents: Incident[],
  onProgress?: (done: number) => void,
): Promise<void> {
  // Inside an import on PostgreSQL: COPY (copy.ts), roll-up and actor names included.
  if (await copyIncidents(db, caseId, incidents, onProgress)) return;
  const now = new Date().toISOString();
  // The days to re-add in the roll-up: the rows' dates and those of the rows they replace.
  const span = rollupKeeper(await caseIsEmpty(db, caseId));
  span.addSpan(
    await storedSpan(
      db,
      caseId,
      incidents.map((i) => i.id),
    ),
  );
  for (const i of incidents) span.add(i);
  await upsertRows(
    db,
    'incidents',
    incidents.map((i) => incidentToRow(caseId, i, now)),
    ['case_id', 'id'],
    onProgress,
  );
  await resolveActorNames(db, actorRefsOfAll(incidents));
  await span.refresh(db, caseId);
}

/** The actor names of incidents (perpetrators and targets), for `resolveActorNames`. */
function* actorRefsOfAll(incidents: Iterable<Incident>): Iterable<ActorNameRef> {
  for (const i of incidents) yield* actorRefsOf(i);
}

/**
 * Rows whose folded column holds one of `keys` (`admin1Keys`, `countryKeys`): an equality
 * when the spellings fold alike, so the column's index serves the walk in date order.
 */
function whereFolded<Q extends SelectQueryBuilder<Database, 'incidents', object>>(
  q: Q,
  column: 'country_f' | 'admin1_f',
  keys: string[],
): Q {
  if (keys.length === 0) return q.where(sql<boolean>`1 = 0`) as Q;
  return (keys.length === 1 ? q.where(column, '=', keys[0]!) : q.where(column, 'in', keys)) as Q;
}

/**
 * A country filter: a two-letter code is compared as a code, anything else as a folded
 * name in any spelling the gazetteer knows ("syria" finds Syria): one indexed column each
 * (an OR of the two would need a sort of every match).
 */
function whereCountry<Q extends SelectQueryBuilder<Database, 'incidents', object>>(
  q: Q,
  country: string,
): Q {
  const c = country.trim();
  if (/^[A-Za-z]{2}$/.test(c)) return q.where('country_code', '=', c.toUpperCase()) as Q;
  return whereFolded(q, 'country_f', countryKeys(c));
}

export interface IncidentFilter {
  caseIds: string[];
  from?: string;
  to?: string;
  country?: string;
  admin1?: string;
  attackType?: string;
  attribution?: string;
  /** Include incidents merged into another (hidden by default: the kept one carries them). */
  includeMerged?: boolean;
  limit?: number;
  offset?: number;
}

export async function listIncidents(db: Kysely<Database>, f: IncidentFilter): Promise<Incident[]> {
  if (f.caseIds.length === 0) return [];
  let q = db.selectFrom('incidents').selectAll().where('case_id', 'in', f.caseIds);
  if (f.from) q = q.where('date', '>=', f.from);
  if (f.to) q = q.where('date', '<=', f.to);
  if (f.country) q = whereCountry(q, f.country);
  if (f.admin1) q = whereFolded(q, 'admin1_f', admin1Keys(f.admin1));
  if (f.attackType) q = q.where('attack_type', '=', f.attackType);
  if (f.attribution) q = q.where('attribution', '=', f.attribution);
  if (!f.includeMerged) q = q.where('merged_into', 'is', null);
  q = q.orderBy('date').orderBy('id');
  if (f.limit !== undefined) q = q.limit(f.limit);
  if (f.offset) q = q.offset(f.offset);
  const rows = await q.execute();
  return rows.map(rowToIncident);
}

export interface IncidentQuery extends PageArgs {
  from?: string;
  to?: string;
  /** A country's name (compared folded: "syria" finds Syria) or its two-letter code. */
  country?: string;
  /** Compared folded, as the whole name. */
  admin1?: string;
  attack_type?: string;
  attribution?: string;
  /** The perpetrator as recorded, compared folded, as the whole name. */
  perpetrator?: string;
  /** 1 town, 2 area, 3 region (ACLED's geo-precision). */
  geo_precision?: number;
  /** A source id, or a source's title as cited. */
  source?: string;
  /** Words to find in the full-text index. */
  q?: string;
  /** `date` (oldest first, the default) or `-date` (newest first). */
  sort?: 'date' | '-date';
  /** Where the page starts: a previous page's `next_cursor` (then `offset` must be 0). */
  cursor?: string;
  /** Count every match: `total` is then exact however many there are. */
  count?: boolean;
}

/** A page of incidents: the envelope's items and total, and where the next page starts. */
export interface IncidentPage {
  items: Incident[];
  /** Exact when `total_exact`; otherwise a lower bound (there are at least this many). */
  total: number;
  total_exact: boolean;
  /** The cursor of the page after this one; null on the last page. */
  next_cursor: string | null;
}

/** Without `count`, matches are counted up to this many past the page's offset. */
export const TOTAL_CAP = 1000;

interface CursorKey {
  sort: 'date' | '-date';
  date: string | null;
  id: string;
  /** The listing's total as its first page counted it, carried to the pages after. */
  total?: { n: number; exact: boolean };
}

/**
 * The opaque cursor, as base64url JSON: the sort, the last row's key (date, id) and the
 * total the first page counted (so that no later page counts again).
 */
export function encodeCursor(k: CursorKey): string {
  const v: unknown[] = [k.sort === '-date' ? 'd' : 'a', k.date, k.id];
  if (k.total) v.push(k.total.n, k.total.exact ? 1 : 0);
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

export function decodeCursor(cursor: string, sort: 'date' | '-date'): CursorKey {
  const bad = (why: string) =>
    new ChokepointError('CP_BAD_REQUEST', `bad cursor: ${why}`, {
      field: 'querystring.cursor',
      expected: "a page's next_cursor, with the same sort",
    });
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor');
  }
  if (
    !Array.isArray(v) ||
    (v.length !== 3 && v.length !== 5) ||
    (v[0] !== 'a' && v[0] !== 'd') ||
    (v[1] !== null && typeof v[1] !== 'string') ||
    typeof v[2] !== 'string' ||
    (v.length === 5 &&
      (!Number.isSafeInteger(v[3]) || (v[3] as number) < 0 || (v[4] !== 0 && v[4] !== 1)))
  )
    throw bad('not a cursor');
  const s = v[0] === 'd' ? '-date' : 'date';
  if (s !== sort) throw bad(`it continues sort=${s}, not sort=${sort}`);
  const key: CursorKey = { sort: s, date: v[1] as string | null, id: v[2] };
  if (v.length === 5) key.total = { n: v[3] as number, exact: v[4] === 1 };
  return key;
}

/**
 * One page of a case's unmerged incidents, filtered, in date order (null dates first
 * when ascending, last when descending, on both databases; ties by id).
 *
 * Every filter but `source` and `q` is an equality (or the date range) on a column that
 * leads one of the partial indexes of migration 0007, each ending in (date, id): the
 * page is a walk of that index in order that stops after `limit + 1` rows. With a
 * `cursor` the walk starts after the cursor's (date, id), so a deep page costs what the
 * first does; `offset` still works and costs the rows it skips. `total` counts the
 * matches up to `offset + TOTAL_CAP` (or the page's size, if more) unless `count` asks
 * for all of them, and is flagged `total_exact: false` when the count stopped there;
 * the first page's total rides in its cursor, so keyset pages after it count nothing
 * (their total is as of the first page).
 */
export async function pageIncidents(
  store: Store,
  caseId: string,
  f: IncidentQuery,
): Promise<IncidentPage> {
  const plan = await pageQueries(store, caseId, f);
  if (!plan) return { items: [], total: 0, total_exact: true, next_cursor: null };
  const { after, sort, segments } = plan;
  const want = f.limit + 1;
  const rows: IncidentRow[] = [];
  for (const seg of segments) {
    rows.push(...(await seg(want - rows.length).execute()));
    if (rows.length >= want) break;
  }
  const more = rows.length > f.limit;
  if (more) rows.length = f.limit;
  const items = rows.map(rowToIncident);
  // The total: known from the page itself when the first page is the last; counted when
  // asked; else the first page's, carried by the cursor; else counted up to the cap.
  let total: { n: number; exact: boolean };
  if (!after && !more && (items.length > 0 || !f.offset))
    total = { n: f.offset + items.length, exact: true };
  else if (f.count) total = { n: await countOf(plan.q.selectAll()), exact: true };
  else if (after?.total) total = after.total;
  else {
    const n = Number((await plan.capped.executeTakeFirstOrThrow()).n);
    total = { n, exact: n < plan.cap };
  }
  const last = rows[rows.length - 1];
  const next_cursor =
    more && last ? encodeCursor({ sort, date: last.date, id: last.id, total }) : null;
  return { items, total: total.n, total_exact: total.exact, next_cursor };
}

/**
 * The statements of a page, as `pageIncidents` runs them: the segments' row queries and
 * the capped count. Null when the full-text words match nothing.
 */
async function pageQueries(store: Store, caseId: string, f: IncidentQuery) {
  const sort = f.sort ?? 'date';
  const after = f.cursor ? decodeCursor(f.cursor, sort) : null;
  if (after && f.offset)
    throw new ChokepointError('CP_BAD_REQUEST', 'a cursor and an offset together', {
      field: 'querystring.offset',
      expected: 'offset 0 (or absent) with a cursor',
    });
  let q = store.db
    .selectFrom('incidents')
    .where('case_id', '=', caseId)
    .where('merged_into', 'is', null);
  if (f.from) q = q.where('date', '>=', f.from);
  if (f.to) q = q.where('date', '<=', f.to);
  if (f.country) q = whereCountry(q, f.country);
  if (f.admin1) q = whereFolded(q, 'admin1_f', admin1Keys(f.admin1));
  if (f.attack_type) q = q.where('attack_type', '=', f.attack_type);
  if (f.attribution) q = q.where('attribution', '=', f.attribution);
  if (f.perpetrator) q = q.where('perpetrator_f', '=', foldText(f.perpetrator));
  if (f.geo_precision) q = q.where('geo_precision', '=', f.geo_precision);
  if (f.source) {
    const s = f.source;
    q = q.where('id', 'in', (eb) =>
      eb
        .selectFrom('evidence as e')
        .innerJoin('sources as s', (j) =>
          j.onRef('s.case_id', '=', 'e.case_id').onRef('s.id', '=', 'e.source_id'),
        )
        .where('e.case_id', '=', caseId)
        .where('e.record_kind', '=', 'incident')
        .where((w) => w.or([w('s.id', '=', s), w('s.title', '=', s)]))
        .select('e.record_id'),
    );
  }
  const ids = await searchIds(store, caseId, 'incident', f.q);
  if (ids) {
    if (ids.length === 0) return null;
    q = q.where('id', 'in', ids);
  }

  // The order as segments: ascending, null dates come first, then dated rows; descending
  // the other way round. A cursor inside one segment continues it by (date, id), then
  // the next segment follows; each is a walk of the same index in order.
  const pg = store.dialect === 'postgres';
  const asc = sort === 'date';
  const dir = asc ? 'asc' : 'desc';
  const dateOrder = sql.raw(
    pg ? (asc ? 'date asc nulls first' : 'date desc nulls last') : `date ${dir}`,
  );
  const ordered = (qq: typeof q) => qq.orderBy(dateOrder).orderBy('id', dir);
  const where: ((qq: typeof q) => typeof q)[] = [];
  if (!after) where.push((qq) => ordered(qq));
  else if (after.date === null) {
    // (Ordered by date too, constant here, so that the list's index is the one that fits.)
    where.push((qq) =>
      ordered(qq.where('date', 'is', null).where('id', asc ? '>' : '<', after.id)),
    );
    if (asc) where.push((qq) => ordered(qq.where('date', 'is not', null)));
  } else {
    const d = after.date;
    where.push((qq) =>
      ordered(qq.where(sql<boolean>`(date, id) ${sql.raw(asc ? '>' : '<')} (${d}, ${after.id})`)),
    );
    if (!asc) where.push((qq) => ordered(qq.where('date', 'is', null)));
  }
  const segments = where.map((w, k) => (n: number) => {
    const page = w(q).selectAll().limit(n);
    return k === 0 && f.offset ? page.offset(f.offset) : page;
  });
  const cap = f.offset + Math.max(TOTAL_CAP, f.limit + 1);
  const capped = store.db
    .selectFrom(
      q
        .select(sql<number>`1`.as('one'))
        .limit(cap)
        .as('m'),
    )
    .select(sql<number>`count(*)`.as('n'));
  return { sort, after, q, segments, cap, capped };
}

/**
 * The query plans of a page's statements (its row queries and its capped count), as
 * SQLite's EXPLAIN QUERY PLAN or PostgreSQL's EXPLAIN print them; on PostgreSQL with
 * sequential scans and sorts priced out, so that a small test table shows whether an
 * index can serve the query, as it would for a large one. For the plan tests.
 */
export async function explainIncidentPage(
  store: Store,
  caseId: string,
  f: IncidentQuery,
): Promise<string[]> {
  const plan = await pageQueries(store, caseId, f);
  if (!plan) return [];
  const compiled = [...plan.segments.map((s) => s(f.limit + 1).compile()), plan.capped.compile()];
  if (store.dialect === 'sqlite') {
    const out: string[] = [];
    for (const c of compiled) {
      const r = await store.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]),
      );
      out.push(r.rows.map((x) => x.detail).join('\n'));
    }
    return out;
  }
  return store.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_sort = off`.execute(trx);
    const out: string[] = [];
    for (const c of compiled) {
      const r = await trx.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${c.sql}`, [...c.parameters]),
      );
      out.push(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
    }
    return out;
  });
}

export async function getIncident(
  db: Kysely<Database>,
  caseIds: string[],
  id: string,
): Promise<(Incident & { case_id: string; merged_into: string | null }) | undefined> {
  if (caseIds.length === 0) return undefined;
  const r = await db
    .selectFrom('incidents')
    .selectAll()
    .where('case_id', 'in', caseIds)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? { ...rowToIncident(r), case_id: r.case_id, merged_into: r.merged_into } : undefined;
}

/**
 * The `gtd` import kind: the dataset's rows become incidents under the dataset's own ids,
 * every row kept as it came (duplicates across datasets are for `incidents dedupe` to
 * propose, never silently dropped). Search indexing goes in slices so that its cost stays
 * linear in the file's size. ACLED files stream instead (`acledImportKind`).
 */
function datasetKind(
  kind: 'gtd',
  parse: (text: string, file: string, opts?: ParseOptions) => Incident[],
  columns: readonly FieldSpec[],
): ImportKind<Incident> {
  return {
    kind,
    columns,
    parse,
    async write(db, caseId, incidents, progress) {
      if (db.getExecutor().adapter instanceof SqliteAdapter) {
        const span = rollupKeeper(await caseIsEmpty(db, caseId));
        span.addSpan(
          await storedSpan(
            db,
            caseId,
            incidents.map((i) => i.id),
          ),
        );
        for (const i of incidents) span.add(i);
        await sqliteWriteIncidents(db, caseId, incidents, progress);
        await resolveActorNames(db, actorRefsOfAll(incidents));
        await span.refresh(db, caseId);
      } else await upsertIncidents(db, caseId, incidents, progress);
      for (let i = 0; i < incidents.length; i += 20_000) {
        await indexRecords(
          db,
          caseId,
          incidents.slice(i, i + 20_000).map((x) => ({
            record_kind: 'incident',
            record_id: x.id,
            title: [x.date, x.place ?? x.admin1 ?? x.country, x.attack_type ?? x.event_type]
              .filter(Boolean)
              .join(' · '),
            body: [x.text, x.place, x.admin1, x.admin2, x.country, x.perpetrator, x.target]
              .filter(Boolean)
              .join(' '),
          })),
        );
      }
    },
  };
}

/**
 * The bulk upsert of `k` incident rows as SQL text: the case and the creation time are
 * literals, `fields` are bound parameters (in `INCIDENT_COLUMNS` order) and every other
 * column is null. Shared by the import transaction's write and the raw batch writer.
 */
function incidentUpsertSql(caseId: string, fields: readonly string[]): (k: number) => string {
  const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
  const now = new Date().toISOString();
  const row = `(${ROW_COLUMNS.map((c) =>
    c === 'case_id'
      ? lit(caseId)
      : c === 'created_at'
        ? lit(now)
        : fields.includes(c) || foldedFrom(fields).some(([fc]) => fc === c)
          ? '?'
          : 'null',
  ).join(', ')})`;
  const update = ROW_COLUMNS.filter((c) => c !== 'case_id' && c !== 'id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  return (k) =>
    `insert into incidents (${ROW_COLUMNS.join(', ')}) values ${Array.from({ length: k }, () => row).join(', ')}
     on conflict (case_id, id) do update set ${update}`;
}

/** The folded columns a row of `fields` fills, each with its field's index in `fields`. */
function foldedFrom(fields: readonly string[]): [string, number][] {
  return FOLDED_COLUMNS.flatMap(([fc, src]) =>
    fields.includes(src) ? [[fc, fields.indexOf(src)] as [string, number]] : [],
  );
}

/**
 * Flat rows of `fields` (as the ACLED batches come) widened by their folded columns, in
 * the order `incidentUpsertSql` binds them: each row's fields, then its folds.
 */
function withFolds(values: unknown[], count: number, fields: readonly string[]): unknown[] {
  const folds = foldedFrom(fields);
  if (folds.length === 0) return values;
  const w = fields.length;
  const out = new Array<unknown>(count * (w + folds.length));
  let o = 0;
  for (let r = 0; r < count; r++) {
    const base = r * w;
    for (let j = 0; j < w; j++) out[o++] = values[base + j];
    for (const [, idx] of folds) out[o++] = foldOf(values[base + idx]);
  }
  return out;
}

/** Imports at least this large rebuild the date index once instead of growing it row by row. */
const REBUILD_INDEX_ROWS = 50_000;

/**
 * The dataset importers' write on SQLite, inside the import's Kysely transaction: the
 * bulk path's statement (constants as literals, 1 024 rows a statement) handed to the
 * driver as a compiled query, so that Kysely builds no query tree for a million rows.
 */
async function sqliteWriteIncidents(
  db: Kysely<Database>,
  caseId: string,
  incidents: Incident[],
  onProgress?: (done: number) => void,
): Promise<void> {
  const ROWS = 1024;
  const fields = INCIDENT_COLUMNS.filter(
    (c) => c !== 'case_id' && c !== 'merged_into' && c !== 'created_at',
  );
  const sqlFor = incidentUpsertSql(caseId, fields);
  const full = sqlFor(ROWS);
  const rebuild = incidents.length >= REBUILD_INDEX_ROWS;
  const indexes = rebuild
    ? (await db.executeQuery<{ name: string; sql: string }>(CompiledQuery.raw(INDEXES_SQL))).rows
    : [];
  for (const x of indexes) await db.executeQuery(CompiledQuery.raw(`drop index ${x.name}`));
  const sourceJson = new Map<Incident['sources'], string>();
  for (let i = 0; i < incidents.length; i += ROWS) {
    const n = Math.min(ROWS, incidents.length - i);
    const params: unknown[] = [];
    for (let j = i; j < i + n; j++) {
      const r = incidents[j]!;
      let sj = sourceJson.get(r.sources);
      if (sj === undefined) {
        sj = JSON.stringify(r.sources);
        sourceJson.set(r.sources, sj);
      }
      for (const f of fields) params.push(f === 'sources' ? sj : r[f]);
      params.push(foldOf(r.country), foldOf(r.admin1), foldOf(r.perpetrator));
    }
    await db.executeQuery(CompiledQuery.raw(n === ROWS ? full : sqlFor(n), params));
    onProgress?.(i + n);
  }
  for (const x of indexes) await db.executeQuery(CompiledQuery.raw(x.sql));
}

/** The incidents table's own indexes on SQLite (not the primary key's), with their SQL. */
const INDEXES_SQL =
  "select name, sql from sqlite_master where type = 'index' and tbl_name = 'incidents' and sql is not null";

/** The `acled` import kind: read and written in one pass (`importAcled`), never held parsed. */
export const acledImportKind: StreamImportKind = {
  kind: 'acled',
  columns: ACLED_COLUMNS,
  stream: (store, db, caseId, text, file, opts) => importAcled(store, db, caseId, text, file, opts),
};
export const gtdImportKind = datasetKind('gtd', parseGtd, GTD_COLUMNS);

/** The incidents a summary reads: dated in [from, to], not merged into another. */
/** The columns a summary reads, for the query builder and the raw SQLite path alike. */
const SUMMARY_COLUMNS = [
  'date',
  'country',
  'country_code',
  'admin1',
  'attack_type',
  'killed',
  'wounded',
  'casualties_total',
] as const;

export async function summaryRows(
  db: Kysely<Database>,
  caseIds: string[],
  from: string,
  to: string,
): Promise<SummaryRow[]> {
  if (caseIds.length === 0) return [];
  // The perpetrator's actor by name and country (src/store/actors.ts): a join, no write.
  return db
    .selectFrom('incidents as i')
    .leftJoin('actor_names as n', (j) =>
      j
        .onRef('n.name', '=', 'i.perpetrator')
        .on('n.country_code', '=', sql<string>`coalesce(i.country_code, '')`),
    )
    .leftJoin('actors as a', 'a.id', 'n.actor_id')
    .select(SUMMARY_COLUMNS.map((c) => `i.${c}` as const))
    .select(['i.event_type', 'a.id as actor_id', 'a.name as actor_name'])
    .where('i.case_id', 'in', caseIds)
    .where('i.merged_into', 'is', null)
    .where('i.date', '>=', from)
    .where('i.date', '<=', to)
    .execute();
}

/** The summary of DESIGN.md for the API and the CLI: this period and, by default, the one before. */
export async function incidentSummary(
  db: Kysely<Database>,
  caseIds: string[],
  from: string,
  to: string,
  compare: 'previous' | 'none' = 'previous',
): Promise<Summary> {
  checkPeriod(from, to);
  if (caseIds.length === 0) return summarise([], from, to, { compare });
  // The roll-up table (rollups.ts), kept current by every writer: a few thousand cells
  // read, however many incidents the period holds.
  const r = await readRollup(
    db,
    caseIds,
    from,
    to,
    compare === 'previous' ? previousPeriod(from, to) : undefined,
  );
  return summariseRollup(r.cells, r.weeks, r.previous, from, to, { compare });
}

/** Proposals for `incidents dedupe`, over the unmerged incidents of the cases. */
export async function proposeIncidentMerges(
  db: Kysely<Database>,
  caseIds: string[],
): Promise<MergeProposal[]> {
  return proposeMerges(await listIncidents(db, { caseIds }));
}

interface MergeRecord {
  text: string;
  merged_ids: string[];
  /** The kept incident's sources before the merge, restored on revert. */
  kept_sources_before: Incident['sources'];
  pairs: MergeProposal['pairs'];
}

/**
 * Applies proposals: merged incidents point at the kept one (they stay stored, hidden
 * from lists and summaries), the kept one carries every source, and each merge is
 * recorded in `incident_merges` with its explanation and what revert needs.
 */
export async function applyIncidentMerges(
  db: Kysely<Database>,
  caseId: string,
  proposals: MergeProposal[],
): Promise<number> {
  const now = new Date().toISOString();
  let applied = 0;
  await db.transaction().execute(async (trx) => {
    for (const p of proposals) {
      const kept = await trx
        .selectFrom('incidents')
        .select(['sources', 'merged_into'])
        .where('case_id', '=', caseId)
        .where('id', '=', p.kept_id)
        .executeTakeFirst();
      if (!kept || kept.merged_into) continue;
      const existing = await trx
        .selectFrom('incident_merges')
        .select('id')
        .where('id', '=', p.merge_id)
        .where('reverted_at', 'is', null)
        .executeTakeFirst();
      if (existing) continue;
      const record: MergeRecord = {
        text: p.explanation,
        merged_ids: p.merged_ids,
        kept_sources_before: JSON.parse(kept.sources) as Incident['sources'],
        pairs: p.pairs,
      };
      await trx.deleteFrom('incident_merges').where('id', '=', p.merge_id).execute();
      await trx
        .insertInto('incident_merges')
        .values({
          id: p.merge_id,
          case_id: caseId,
          kept_id: p.kept_id,
          merged_ids: JSON.stringify(p.merged_ids),
          explanation: JSON.stringify(record),
          created_at: now,
          reverted_at: null,
        })
        .execute();
      await trx
        .updateTable('incidents')
        .set({ merged_into: p.kept_id })
        .where('case_id', '=', caseId)
        .where('id', 'in', p.merged_ids)
        .execute();
      await trx
        .updateTable('incidents')
        .set({ sources: JSON.stringify(p.sources) })
        .where('case_id', '=', caseId)
        .where('id', '=', p.kept_id)
        .execute();
      await refreshRollupOfIds(trx, caseId, [p.kept_id, ...p.merged_ids]);
      applied++;
    }
  });
  return applied;
}

/** Undoes one merge: the merged incidents come back, the kept one gets its own sources back. */
export async function revertIncidentMerge(
  db: Kysely<Database>,
  caseIds: string[],
  mergeId: string,
): Promise<{ merge_id: string; kept_id: string; restored_ids: string[] }> {
  const m = await db
    .selectFrom('incident_merges')
    .selectAll()
    .where('id', '=', mergeId)
    .where('case_id', 'in', caseIds.length ? caseIds : [''])
    .executeTakeFirst();
  if (!m)
    throw new ChokepointError('CP_NOT_FOUND', `no merge "${mergeId}"`, {
      field: 'revert',
      expected: 'a merge id printed by `incidents dedupe --apply` or listed by `incidents merges`',
    });
  if (m.reverted_at)
    throw new ChokepointError(
      'CP_CONFLICT',
      `merge "${mergeId}" was already reverted on ${m.reverted_at}`,
      { field: 'revert' },
    );
  const record = JSON.parse(m.explanation) as MergeRecord;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('incidents')
      .set({ merged_into: null })
      .where('case_id', '=', m.case_id)
      .where('id', 'in', record.merged_ids)
      .where('merged_into', '=', m.kept_id)
      .execute();
    await trx
      .updateTable('incidents')
      .set({ sources: JSON.stringify(record.kept_sources_before) })
      .where('case_id', '=', m.case_id)
      .where('id', '=', m.kept_id)
      .execute();
    await refreshRollupOfIds(trx, m.case_id, [m.kept_id, ...record.merged_ids]);
    await trx
      .updateTable('incident_merges')
      .set({ reverted_at: new Date().toISOString() })
      .where('id', '=', mergeId)
      .execute();
  });
  return { merge_id: mergeId, kept_id: m.kept_id, restored_ids: record.merged_ids };
}

/** Merges recorded for the cases, newest first, with their explanations. */
export async function listIncidentMerges(
  db: Kysely<Database>,
  caseIds: string[],
): Promise<
  {
    merge_id: string;
    kept_id: string;
    merged_ids: string[];
    explanation: string;
    created_at: string;
    reverted_at: string | null;
  }[]
> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('incident_merges')
    .selectAll()
    .where('case_id', 'in', caseIds)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    merge_id: r.id,
    kept_id: r.kept_id,
    merged_ids: JSON.parse(r.merged_ids) as string[],
    explanation: (JSON.parse(r.explanation) as MergeRecord).text,
    created_at: r.created_at,
    reverted_at: r.reverted_at,
  }));
}

/** The incidents table's columns: the case, the Incident record's fields in order, the store's own. */
const INCIDENT_COLUMNS = ['case_id', ...INCIDENT_FIELDS, 'merged_into', 'created_at'] as const;
/** The columns the raw writers fill: those, then the folded ones. */
const ROW_COLUMNS = [...INCIDENT_COLUMNS, ...FOLDED_COLUMNS.map(([c]) => c)];

/**
 * A writer of incident rows on the raw better-sqlite3 handle: rows go in 64 at a time,
 * one prepared multi-row statement per 64 rows (1 856 parameters, under SQLite's
 * limit), which skips Kysely's async round trip and SQL building and most of the
 * per-call cost of binding one row at a time. The caller owns the transaction.
 */
function sqliteIncidentWriter(
  h: SQLite.Database,
  caseId: string,
): { add(r: Incident): void; flush(): void; count(): number } {
  const BATCH = 64;
  const row = `(${ROW_COLUMNS.map(() => '?').join(', ')})`;
  const sqlFor = (k: number) =>
    `insert into incidents (${ROW_COLUMNS.join(', ')}) values ${Array.from({ length: k }, () => row).join(', ')}
     on conflict (case_id, id) do update set ${ROW_COLUMNS.filter(
       (c) => c !== 'case_id' && c !== 'id',
     )
       .map((c) => `${c} = excluded.${c}`)
       .join(', ')}`;
  const full = h.prepare(sqlFor(BATCH));
  const now = new Date().toISOString();
  // Datasets share source lists between rows (see sourcesOf): stringify each list once.
  const sourceJson = new Map<Incident['sources'], string>();
  const params: unknown[] = [];
  let pending = 0;
  let written = 0;
  const flush = () => {
    if (pending === 0) return;
    (pending === BATCH ? full : h.prepare(sqlFor(pending))).run(params);
    written += pending;
    params.length = 0;
    pending = 0;
  };
  return {
    add(r) {
      let sj = sourceJson.get(r.sources);
      if (sj === undefined) {
        sj = JSON.stringify(r.sources);
        sourceJson.set(r.sources, sj);
      }
      params.push(
        caseId,
        r.id,
        r.text,
        r.date,
        r.date_precision,
        r.country,
        r.country_code,
        r.admin1,
        r.admin2,
        r.place,
        r.anchor_place,
        r.offset_km,
        r.offset_dir,
        r.lat,
        r.lon,
        r.geo_precision,
        r.event_type,
        r.sub_event_type,
        r.attack_type,
        r.perpetrator,
        r.target,
        r.killed,
        r.wounded,
        r.casualties_total,
        r.attribution,
        sj,
        r.confidence,
        null,
        now,
        foldOf(r.country),
        foldOf(r.admin1),
        foldOf(r.perpetrator),
      );
      if (++pending === BATCH) flush();
    },
    flush,
    count: () => written + pending,
  };
}

/** Bulk insert of parsed incidents (SQLite: one transaction on the raw handle; PostgreSQL: batched upsert). */
export async function bulkInsertIncidents(
  store: Store,
  caseId: string,
  incidents: Incident[],
  onProgress?: (done: number) => void,
): Promise<void> {
  const h = sqliteHandle(store);
  if (!h) {
    await upsertIncidents(store.db, caseId, incidents, onProgress);
    return;
  }
  const w = sqliteIncidentWriter(h, caseId);
  h.transaction(() => {
    const span = rollupKeeper(caseIsEmptySqlite(h, caseId));
    storedSpanSqlite(h, caseId, span)(incidents.map((i) => i.id));
    for (let i = 0; i < incidents.length; i++) {
      w.add(incidents[i]!);
      span.add(incidents[i]!);
      if (onProgress && (i & 0xffff) === 0) onProgress(i);
    }
    w.flush();
    resolveActorNamesSqlite(h, actorRefsOfAll(incidents));
    span.refreshSqlite(h, caseId);
  }).immediate();
  onProgress?.(incidents.length);
}

/**
 * Loads batches of incidents into a case in one transaction, all or nothing, the
 * table's indexes dropped for the load and rebuilt once at the end (a sort each rather
 * than a random B-tree insert a row and index). SQLite writes through the raw writer;
 * PostgreSQL through COPY (copy.ts), then VACUUM (ANALYZE); the roll-up of the days loaded is
 * re-added. Rows only: no actor names, evidence or search index (the importers' work);
 * for large loads of generated rows, as the benchmarks'.
 */
export async function loadIncidents(
  store: Store,
  caseId: string,
  batches: Iterable<Incident[]>,
): Promise<number> {
  if (store.dialect === 'sqlite')
    return sqliteBulkLoad(store, caseId, (h) => {
      const w = sqliteIncidentWriter(h, caseId);
      const span = rollupKeeper(caseIsEmptySqlite(h, caseId));
      const prior = storedSpanSqlite(h, caseId, span);
      for (const b of batches) {
        prior(b.map((r) => r.id));
        for (const r of b) {
          w.add(r);
          span.add(r);
        }
      }
      w.flush();
      span.refreshSqlite(h, caseId);
      return w.count();
    });
  const n = await inTransaction(store, async (db) => {
    const indexes = (await fewIncidents(db)) ? await pgIncidentIndexes(db) : [];
    for (const x of indexes) await sql.raw(`drop index ${x.indexname}`).execute(db);
    const target = await copyTarget(db, caseId, ROW_COLUMNS);
    const copy = copyInto(copyClient(db)!, target.table, ROW_COLUMNS);
    const span = rollupKeeper(target.table === 'incidents');
    let n = 0;
    try {
      for (const b of batches) {
        for (const r of b) span.add(r);
        await copyIncidentRows(copy, caseId, b);
        n += b.length;
      }
      await copy.end();
    } catch (e) {
      await copy.abort();
      throw e;
    }
    await target.finish(span);
    for (const x of indexes) await sql.raw(x.indexdef).execute(db);
    await span.refresh(db, caseId);
    return n;
  });
  await vacuumAfterLoad(store);
  return n;
}

/**
 * VACUUM (ANALYZE) after a large load on PostgreSQL, outside its transaction: the
 * planner's statistics, and the visibility map that lets the list's count read its index
 * alone (an index-only scan of freshly copied rows visits every heap page until a vacuum
 * has run). Without it autovacuum comes later, in the middle of the team's reads.
 */
async function vacuumAfterLoad(store: Store): Promise<void> {
  await sql`vacuum (analyze) incidents`.execute(store.db);
  await sql`vacuum (analyze) incident_rollup`.execute(store.db);
}

/**
 * A writer of flat value batches (`fields` of each row, in `INCIDENT_COLUMNS` order) on
 * the raw better-sqlite3 handle, 64 rows per prepared multi-row INSERT. The case, the
 * creation time and the columns a dataset never fills are literals in the statement
 * rather than bound parameters: binding is most of an insert's cost. The caller owns the
 * transaction.
 */
function sqliteBatchWriter(
  h: SQLite.Database,
  caseId: string,
  fields: readonly string[],
): { rows: number; add(values: unknown[], count: number): void } {
  const ROWS = 64;
  const ordered = INCIDENT_COLUMNS.filter((c) => fields.includes(c));
  if (ordered.join() !== fields.join())
    throw new Error('batch fields must follow the incidents column order');
  const sqlFor = incidentUpsertSql(caseId, fields);
  const full = h.prepare(sqlFor(ROWS));
  return {
    rows: ROWS,
    add(values, count) {
      (count === ROWS ? full : h.prepare(sqlFor(count))).run(withFolds(values, count, fields));
    },
  };
}

/**
 * Readies the raw SQLite handle for a bulk load into a case: refuses a PostgreSQL store
 * and an unknown case, and raises the page cache and lifts foreign-key checks until
 * `restore` (the case was checked once here, instead of once per row).
 */
function bulkTarget(store: Store, caseId: string): { h: SQLite.Database; restore: () => void } {
  const h = sqliteHandle(store);
  if (!h)
    throw new ChokepointError(
      'CP_UNSUPPORTED',
      'streaming import needs the embedded SQLite store',
      {
        expected: 'a SQLite --db',
      },
    );
  if (!h.prepare('select 1 from cases where id = ?').get(caseId))
    throw new ChokepointError('CP_NOT_FOUND', `no case "${caseId}"`, { field: 'case' });
  const cache = h.pragma('cache_size', { simple: true }) as number;
  const fk = h.pragma('foreign_keys', { simple: true }) as number;
  h.pragma('cache_size = -262144');
  h.pragma('foreign_keys = OFF');
  return {
    h,
    restore: () => {
      h.pragma(`foreign_keys = ${fk}`);
      h.pragma(`cache_size = ${cache}`);
    },
  };
}

/**
 * Whether the incidents table (every case) holds fewer rows than a bulk load should drop its
 * indexes for: rebuilding costs a sort of the whole table, so a load into a large store
 * (a month into a decade) keeps the indexes and inserts into them instead.
 */
const FEW_INCIDENTS = 100_000;

function fewIncidentsSqlite(h: SQLite.Database): boolean {
  const r = h
    .prepare(`select count(*) as n from (select 1 from incidents limit ${FEW_INCIDENTS})`)
    .get() as { n: number };
  return r.n < FEW_INCIDENTS;
}

async function fewIncidents(db: Kysely<Database>): Promise<boolean> {
  const r = await sql<{
    n: number;
  }>`select count(*) as n from (select 1 from incidents limit ${FEW_INCIDENTS}) t`.execute(db);
  return Number(r.rows[0]!.n) < FEW_INCIDENTS;
}

/** Drops the incidents table's indexes for a load; the returned function rebuilds them. */
function dropDateIndex(h: SQLite.Database): () => void {
  const indexes = h.prepare(INDEXES_SQL).all() as { name: string; sql: string }[];
  for (const x of indexes) h.exec(`drop index ${x.name}`);
  return () => {
    for (const x of indexes) h.exec(x.sql);
  };
}

/**
 * Runs `load` inside one transaction on the raw handle with the bulk-load settings: a
 * larger page cache, the case checked once instead of a foreign-key lookup per row, and
 * the date index dropped and rebuilt by one sort at the end (rows arrive in file order,
 * dates at random, and a random B-tree insert per row costs more than the sort). A throw
 * rolls everything back, the index included.
 */
async function sqliteBulkLoad<T>(
  store: Store,
  caseId: string,
  load: (h: SQLite.Database) => T | Promise<T>,
): Promise<T> {
  const { h, restore } = bulkTarget(store, caseId);
  const own = !h.inTransaction;
  h.exec(own ? 'begin immediate' : 'savepoint bulk_load');
  try {
    const rebuildIndex = fewIncidentsSqlite(h) ? dropDateIndex(h) : () => undefined;
    const result = await load(h);
    rebuildIndex();
    h.exec(own ? 'commit' : 'release bulk_load');
    return result;
  } catch (e) {
    if (own) {
      if (h.inTransaction) h.exec('rollback');
    } else h.exec('rollback to bulk_load; release bulk_load');
    throw e;
  } finally {
    restore();
  }
}

/** Files below this size are parsed on the main thread: a worker's start-up costs more. */
const WORKER_MIN_CHARS = 4_000_000;

/** What `importAcled` takes beyond the file. */
export interface AcledImportOptions {
  /** The user's `--map` (file column → field). */
  map?: ColumnMap;
  /** Told the column mapping as soon as the header is read. */
  onMapping?: (m: ColumnMapping) => void;
  /** Rows written so far, and the file's estimated row count. */
  onProgress?: (done: number, total: number) => void;
  /** Parse on a worker thread; by default when the file is large enough to pay for one. */
  worker?: boolean;
}

/**
 * Imports an ACLED file inside the import's transaction `db` (`inTransaction`, copy.ts),
 * reading, validating and writing in one pass: no million-object array is held. A worker
 * thread parses and folds the search entries (`acled-worker.ts`) while this thread writes
 * the previous batches (prepared multi-row INSERTs on SQLite, COPY on PostgreSQL) with the
 * search index, the actor names and the roll-up. A bad row anywhere throws its coded error
 * (file, line, field), which rolls back every row written before it. The `acled` import
 * kind: what `chokepoint import acled` and the API's upload run.
 */
export async function importAcled(
  store: Store,
  db: Kysely<Database>,
  caseId: string,
  text: string,
  file: string,
  opts: AcledImportOptions = {},
): Promise<{ rows: number; afterCommit?: () => Promise<void> }> {
  const o = { ...opts, worker: opts.worker ?? text.length >= WORKER_MIN_CHARS };
  const total = estimatedRows(text);
  const progress = (done: number) => opts.onProgress?.(done, Math.max(done, total));
  if (sqliteHandle(store))
    return { rows: await acledIntoSqlite(store, caseId, text, file, o, progress) };
  return acledIntoPostgres(store, db, caseId, text, file, o, progress);
}

/** A file's row count estimated from the length of its first lines, for a progress bar. */
function estimatedRows(text: string): number {
  const head = text.slice(0, 65_536);
  const lines = head.split('\n').length - 1;
  return lines > 1 ? Math.round((text.length / head.length) * (lines - 1)) : 0;
}

/** The SQLite half of `importAcled`: a savepoint inside the import's transaction, with the bulk-load settings. */
function acledIntoSqlite(
  store: Store,
  caseId: string,
  text: string,
  file: string,
  opts: AcledImportOptions & { worker: boolean },
  progress: (done: number) => void,
): Promise<number> {
  return sqliteBulkLoad(store, caseId, (h) => {
    const w = sqliteBatchWriter(h, caseId, ACLED_FIELDS);
    const names = acledActorNames();
    const span = acledSpan(h, caseId, opts.worker);
    const search = sqliteSearchWriter(h, caseId, !span.firstImport);
    let done = 0;
    const add = (v: unknown[], k: number, entries: string[]) => {
      span.add(v, k);
      w.add(v, k);
      names.add(v, k);
      search.add(v, k, entries);
      progress((done += k));
    };
    return readAcled(text, file, w.rows, { ...opts, rollup: span.onWorker }, add).then((r) => {
      resolveActorNamesSqlite(h, names.refs());
      span.addCells(r.cells);
      span.refresh();
      return r.n;
    });
  });
}

/**
 * The search-index entries of ACLED incidents streamed into SQLite, as `indexRecords`
 * (search.ts) keeps them: the FTS5 entry and its key in `search_keys`, 64 rows a prepared
 * statement. Into a case that held incidents, a record's old entry is removed first.
 */
function sqliteSearchWriter(
  h: SQLite.Database,
  caseId: string,
  replace: boolean,
): { add(values: unknown[], count: number, entries: string[]): void } {
  const width = ACLED_FIELDS.length;
  const kase = `'${caseId.replace(/'/g, "''")}'`;
  let next = (
    h.prepare('select coalesce(max(fts_rowid), 0) + 1 as next from search_keys').get() as {
      next: number;
    }
  ).next;
  const statements = new Map<number, [SQLite.Statement, SQLite.Statement]>();
  const statementsFor = (k: number) => {
    let s = statements.get(k);
    if (!s) {
      const rows = (row: string) => Array.from({ length: k }, () => row).join(', ');
      s = [
        h.prepare(`insert into search_fts (rowid, title, body) values ${rows('(?, ?, ?)')}`),
        h.prepare(
          `insert into search_keys (fts_rowid, case_id, record_kind, record_id, title) values ${rows(`(?, ${kase}, 'incident', ?, ?)`)}`,
        ),
      ];
      statements.set(k, s);
    }
    return s;
  };
  const inIds = `case_id = ${kase} and record_kind = 'incident' and record_id in (select value from json_each(?))`;
  const old = replace
    ? {
        rowids: h.prepare(`select fts_rowid from search_keys where ${inIds}`).pluck(),
        entries: h.prepare(
          'delete from search_fts where rowid in (select value from json_each(?))',
        ),
        keys: h.prepare(
          'delete from search_keys where fts_rowid in (select value from json_each(?))',
        ),
      }
    : null;
  return {
    add(values, count, entries) {
      const fts = new Array<unknown>(count * 3);
      const keys = new Array<unknown>(count * 3);
      for (let r = 0; r < count; r++) {
        const rowid = next + r;
        fts[3 * r] = rowid;
        fts[3 * r + 1] = entries[2 * r];
        fts[3 * r + 2] = entries[2 * r + 1];
        keys[3 * r] = rowid;
        keys[3 * r + 1] = values[r * width];
        keys[3 * r + 2] = entries[2 * r];
      }
      if (old) {
        const ids = JSON.stringify(Array.from({ length: count }, (_, r) => values[r * width]));
        const rowids = old.rowids.all(ids);
        if (rowids.length) {
          const json = JSON.stringify(rowids);
          old.entries.run(json);
          old.keys.run(json);
        }
      }
      const [ftsInsert, keyInsert] = statementsFor(count);
      ftsInsert.run(fts);
      keyInsert.run(keys);
      next += count;
    },
  };
}

/**
 * Reads an ACLED file on a worker thread or, when `worker` is false, on this one, handing
 * `add` each value batch (`rows` rows) with its search entries, in file order; resolves
 * with the row count (and the roll-up cells the worker added up, when asked to), or
 * rejects with the first bad row's coded error or `add`'s.
 */
async function readAcled(
  text: string,
  file: string,
  rows: number,
  opts: AcledImportOptions & { worker: boolean; rollup: boolean },
  add: (values: unknown[], count: number, entries: string[]) => void,
  ready?: () => Promise<void> | undefined,
): Promise<{ n: number; cells?: DayCellsSnapshot }> {
  if (!opts.worker) {
    const n = forEachAcledBatch(text, file, rows, (v, k) => add(v, k, acledSearchEntries(v, k)), {
      map: opts.map,
      onMapping: opts.onMapping,
    });
    await ready?.();
    return { n };
  }
  return parseAcledOnWorker(text, file, rows, opts, add, ready);
}

/**
 * Parses and validates an ACLED file on a worker thread (`acled-worker.ts`), handing its
 * value batches, `rows` rows each, to `add` on this thread in file order; resolves with
 * the row count, or rejects with the worker's coded error (file, line, field) or `add`'s.
 * Each group of batches is added once the previous group's `ready` (a COPY stream's
 * drain, or the switch to the search-index COPY) has resolved, and acknowledged then; at
 * most 32 groups of 16 batches are in flight, so a slow writer holds the parser back
 * instead of the parsed file piling up in memory.
 */
function parseAcledOnWorker(
  text: string,
  file: string,
  rows: number,
  opts: { map?: ColumnMap; onMapping?: (m: ColumnMapping) => void; rollup: boolean },
  add: (values: unknown[], count: number, entries: string[]) => void,
  ready?: () => Promise<void> | undefined,
): Promise<{ n: number; cells?: DayCellsSnapshot }> {
  return new Promise((resolve, reject) => {
    const acks = new Int32Array(new SharedArrayBuffer(4));
    const job: AcledWorkerJob = {
      text,
      file,
      rows,
      group: 16,
      window: 32,
      acks,
      map: opts.map,
      rollup: opts.rollup,
    };
    const worker = new Worker(workerSource(), { eval: true, workerData: job });
    let settled = false;
    const finish = (err: unknown, done?: { n: number; cells?: DayCellsSnapshot }) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(done!);
    };
    const ack = () => {
      Atomics.add(acks, 0, 1);
      Atomics.notify(acks, 0);
    };
    // One group at a time, in order: a group is added only once the writes before it
    // (and any COPY switch they started) are through.
    let chain: Promise<void> = Promise.resolve();
    const then = (step: () => void | Promise<void> | undefined) => {
      chain = chain.then(() => (settled ? undefined : step()));
      chain.catch((e: unknown) => finish(e));
    };
    let done = false;
    worker.on('message', (m: AcledWorkerMessage) => {
      if (settled) return;
      if ('mapping' in m) opts.onMapping?.(m.mapping);
      else if ('batches' in m)
        then(() => {
          for (let i = 0; i < m.batches.length; i++) add(m.batches[i]!, m.counts[i]!, m.search[i]!);
          const wait = ready?.();
          return wait ? wait.then(ack) : ack();
        });
      else if ('done' in m) {
        done = true;
        then(() => finish(null, { n: m.done, cells: m.cells }));
      } else {
        // The first bad row's error, once the writes in flight have settled.
        const err = fromPostedError(m.error);
        void chain.finally(() => finish(err));
      }
    });
    worker.on('error', (e) => finish(e));
    worker.on('exit', (code) => {
      if (!done)
        void chain.finally(() => finish(new Error(`ACLED parser thread exited with ${code}`)));
    });
  });
}

/**
 * The days an ACLED load touches, from its value batches as they pass (and the stored
 * dates of the rows they replace, read before each batch is written); `refresh` re-adds
 * those days in the roll-up (rollups.ts), inside the load's transaction.
 */
function acledSpan(
  h: SQLite.Database,
  caseId: string,
  onWorker: boolean,
): {
  /** Whether the case held no incidents before (then its cells are added up in memory). */
  firstImport: boolean;
  /** True when the parsing thread adds up the cells (a first import, parsed on a worker). */
  onWorker: boolean;
  add(values: unknown[], count: number): void;
  addCells(c: DayCellsSnapshot | undefined): void;
  refresh(): void;
} {
  const width = ACLED_FIELDS.length;
  const span = rollupKeeper(caseIsEmptySqlite(h, caseId));
  const prior = storedSpanSqlite(h, caseId, span);
  const worker = onWorker && span.inMemory;
  return {
    firstImport: span.inMemory,
    onWorker: worker,
    addCells: (c) => c && span.addCells(c),
    add(values, count) {
      if (worker) return;
      const ids: unknown[] = [];
      for (let r = 0, o = 0; r < count; r++, o += width) {
        ids.push(values[o]);
        span.add(acledRollupSource(values, o));
      }
      prior(ids);
    },
    refresh: () => span.refreshSqlite(h, caseId),
  };
}

/**
 * The distinct actor names (perpetrator, target, country) of ACLED value batches, as
 * they pass on their way into SQLite: one map lookup a row, no object per row.
 */
function acledActorNames(): {
  add(values: unknown[], count: number): void;
  refs(): ActorNameRef[];
} {
  const width = ACLED_FIELDS.length;
  const P = ACLED_FIELDS.indexOf('perpetrator');
  const T = ACLED_FIELDS.indexOf('target');
  const C = ACLED_FIELDS.indexOf('country_code');
  const seen = new Map<string, ActorNameRef>();
  const note = (name: unknown, cc: string, role: ActorNameRef['role']) => {
    if (typeof name !== 'string' || !name) return;
    const k = `${role}\u0000${cc}\u0000${name}`;
    if (!seen.has(k)) seen.set(k, { name, country_code: cc, role });
  };
  return {
    add(values, count) {
      for (let r = 0, o = 0; r < count; r++, o += width) {
        const cc = (values[o + C] as string | null) ?? '';
        note(values[o + P], cc, 'perpetrator');
        note(values[o + T], cc, 'target');
      }
    },
    refs: () => [...seen.values()],
  };
}

/**
 * The worker's entry, as code evaluated in the new thread: it loads the TypeScript
 * loader the main thread runs under (loader hooks are per thread) and then the worker
 * module.
 */
function workerSource(): string {
  // Built code (dist/, what the CLI runs) needs no loader: the worker module is JavaScript.
  if (import.meta.url.endsWith('.js')) {
    const built = new URL('../incidents/importers/acled-worker.js', import.meta.url).href;
    return `await import(${JSON.stringify(built)});`;
  }
  // The ESM entry of tsx's API (its CommonJS one cannot register from an ES module).
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjs.replace(/index\.cjs$/, 'index.mjs')).href;
  const mod = new URL('../incidents/importers/acled-worker.ts', import.meta.url).href;
  return `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(mod)});`;
}

/** The columnar index over a case's unmerged incidents, for fast roll-ups. */
export async function loadIncidentColumns(
  store: Store,
  caseIds: string[],
): Promise<IncidentColumns> {
  const h = sqliteHandle(store);
  if (h && caseIds.length) {
    const rows = h
      .prepare(
        `select ${SUMMARY_COLUMNS.join(', ')} from incidents where case_id in (${caseIds.map(() => '?').join(',')}) and merged_into is null`,
      )
      .all(...caseIds) as SummaryRow[];
    return IncidentColumns.build(rows);
  }
  if (caseIds.length === 0) return IncidentColumns.build([]);
  const rows = await store.db
    .selectFrom('incidents')
    .select(SUMMARY_COLUMNS)
    .where('case_id', 'in', caseIds)
    .where('merged_into', 'is', null)
    .execute();
  return IncidentColumns.build(rows);
}

/** PostgreSQL's incidents indexes but the primary key, with their definitions (to drop for a large load and rebuild). */
async function pgIncidentIndexes(
  db: Kysely<Database>,
): Promise<{ indexname: string; indexdef: string }[]> {
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes
    where schemaname = current_schema() and tablename = 'incidents' and indexname <> 'incidents_pk'`.execute(
    db,
  );
  return rows;
}

/** PostgreSQL's search_index indexes (the GIN over its words, the record key), with their definitions. */
async function pgSearchIndexes(
  db: Kysely<Database>,
): Promise<{ indexname: string; indexdef: string }[]> {
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes
    where schemaname = current_schema() and tablename = 'search_index'`.execute(db);
  return rows;
}

/** Whether search_index (every case, every kind) holds fewer entries than a load should drop its indexes for. */
async function fewSearchEntries(db: Kysely<Database>): Promise<boolean> {
  const r = await sql<{
    n: number;
  }>`select count(*) as n from (select 1 from search_index limit ${FEW_INCIDENTS}) t`.execute(db);
  return Number(r.rows[0]!.n) < FEW_INCIDENTS;
}

/**
 * Where a COPY of incident rows lands: straight into `incidents` when the case holds none
 * (a first import: nothing to replace), otherwise into a temporary table whose rows then
 * replace or join the case's in one INSERT … ON CONFLICT (COPY itself cannot upsert).
 * `finish` moves them over; both run inside the caller's transaction.
 */
async function copyTarget(
  db: Kysely<Database>,
  caseId: string,
  columns: readonly string[],
): Promise<{
  table: string;
  finish(span: { addSpan(s: { lo: string | null; hi: string | null }): void }): Promise<void>;
}> {
  const any = await db
    .selectFrom('incidents')
    .select('id')
    .where('case_id', '=', caseId)
    .limit(1)
    .executeTakeFirst();
  if (!any) return { table: 'incidents', finish: async () => undefined };
  await sql`create temp table if not exists incidents_load (like incidents) on commit drop`.execute(
    db,
  );
  await sql`truncate incidents_load`.execute(db);
  const update = columns
    .filter((c) => c !== 'case_id' && c !== 'id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  return {
    table: 'incidents_load',
    async finish(span) {
      // The days of the rows about to be replaced, for the roll-up to re-add them too.
      const { rows } = await sql<{ lo: string | null; hi: string | null }>`
        select min(i.date) as lo, max(i.date) as hi from incidents i
        join incidents_load l on l.case_id = i.case_id and l.id = i.id`.execute(db);
      span.addSpan(rows[0] ?? { lo: null, hi: null });
      await sql
        .raw(
          `insert into incidents (${columns.join(', ')}) select ${columns.join(', ')} from incidents_load
           on conflict (case_id, id) do update set ${update}`,
        )
        .execute(db);
    },
  };
}

/**
 * The PostgreSQL write of incident records through COPY, when `db` is a transaction of
 * `inTransaction` (copy.ts); false otherwise, for the caller to upsert instead. Rows,
 * then actor names and the roll-up of the days written, all in that transaction.
 */
async function copyIncidents(
  db: Kysely<Database>,
  caseId: string,
  incidents: Incident[],
  onProgress?: (done: number) => void,
): Promise<boolean> {
  const client = copyClient(db);
  if (!client) return false;
  const target = await copyTarget(db, caseId, ROW_COLUMNS);
  const span = rollupKeeper(target.table === 'incidents');
  for (const r of incidents) span.add(r);
  const copy = copyInto(client, target.table, ROW_COLUMNS);
  try {
    await copyIncidentRows(copy, caseId, incidents, onProgress);
    await copy.end();
  } catch (e) {
    await copy.abort();
    throw e;
  }
  await target.finish(span);
  await resolveActorNames(db, actorRefsOfAll(incidents));
  await span.refresh(db, caseId);
  return true;
}

/** Incident records as COPY text lines of `ROW_COLUMNS`, 1 000 rows a write, waiting whenever the socket is full. */
async function copyIncidentRows(
  copy: ReturnType<typeof copyInto>,
  caseId: string,
  incidents: Incident[],
  onProgress?: (done: number) => void,
): Promise<void> {
  const head = `${copyField(caseId)}\t`;
  const tail = `\t\\N\t${copyField(new Date().toISOString())}`;
  const sourceJson = new Map<Incident['sources'], string>();
  for (let i = 0; i < incidents.length; i += 1000) {
    let lines = '';
    for (let j = i; j < Math.min(incidents.length, i + 1000); j++) {
      const r = incidents[j]!;
      let sj = sourceJson.get(r.sources);
      if (sj === undefined) sourceJson.set(r.sources, (sj = JSON.stringify(r.sources)));
      // ROW_COLUMNS' order: the case, the record's fields, merged_into and created_at, the folds.
      let line = head;
      for (let f = 0; f < INCIDENT_FIELDS.length; f++) {
        const name = INCIDENT_FIELDS[f]!;
        line += (f ? '\t' : '') + (name === 'sources' ? copyField(sj) : copyField(r[name]));
      }
      line += tail;
      for (const [, src] of FOLDED_COLUMNS) line += '\t' + copyField(foldOf(r[src]));
      lines += line + '\n';
    }
    copy.write(lines);
    await copy.ready();
    onProgress?.(Math.min(incidents.length, i + 1000));
  }
}

/** ACLED files at least this long drop the incidents indexes for the load and rebuild them once. */
const PG_REBUILD_INDEX_CHARS = 8_000_000;

/** Search-index entries held before they are copied: the incidents COPY pauses for them every this many rows. */
const PG_SEARCH_CHUNK_ROWS = 50_000;

/**
 * The PostgreSQL half of `importAcled`, on the import transaction's own client (`db` from
 * `inTransaction`): this thread turns the worker's value batches into COPY lines of
 * `incidents`, and every 50 000 rows pauses that COPY to COPY their search-index entries
 * (one connection runs one COPY at a time), then the actor names and the roll-up. A large
 * file into an empty case copies into the bare table and rebuilds its indexes once
 * (readers of incidents wait for that transaction: DROP INDEX locks the table), then
 * VACUUMs once committed.
 */
async function acledIntoPostgres(
  store: Store,
  db: Kysely<Database>,
  caseId: string,
  text: string,
  file: string,
  opts: AcledImportOptions & { worker: boolean },
  progress: (done: number) => void,
): Promise<{ rows: number; afterCommit?: () => Promise<void> }> {
  const client = copyClient(db);
  if (!client) throw new Error('importAcled on PostgreSQL needs a transaction of inTransaction');
  const columns = ['case_id', ...ACLED_FIELDS, 'created_at', ...FOLDED_COLUMNS.map(([c]) => c)];
  const target = await copyTarget(db, caseId, columns);
  const first = target.table === 'incidents';
  const rebuild = first && text.length >= PG_REBUILD_INDEX_CHARS && (await fewIncidents(db));
  const indexes = rebuild ? await pgIncidentIndexes(db) : [];
  // The search index's GIN and key indexes too, while the table holds few entries: one
  // build of a GIN index costs a fraction of growing it entry by entry.
  if (rebuild && (await fewSearchEntries(db))) indexes.push(...(await pgSearchIndexes(db)));
  for (const x of indexes) await sql.raw(`drop index ${x.indexname}`).execute(db);
  let copy = copyInto(client, target.table, columns);
  const names = acledActorNames();
  const span = rollupKeeper(first);
  // A first import's cells are added up by the parsing thread, off this one.
  const cellsOnWorker = span.inMemory && opts.worker;
  const width = ACLED_FIELDS.length;
  const folds = foldedFrom(ACLED_FIELDS);
  const head = `${copyField(caseId)}\t`;
  const tail = `\t${copyField(new Date().toISOString())}`;
  const searchHead = `${copyField(caseId)}\tincident\t`;
  let searchLines: string[] = [];
  let searchIds: unknown[] = [];
  let done = 0;
  const add = (v: unknown[], k: number, entries: string[]) => {
    let lines = '';
    let found = '';
    for (let r = 0, o = 0; r < k; r++, o += width) {
      let line = head;
      for (let j = 0; j < width; j++) line += (j ? '\t' : '') + copyField(v[o + j]);
      line += tail;
      for (const [, idx] of folds) line += '\t' + copyField(foldOf(v[o + idx]));
      lines += line + '\n';
      found += `${searchHead}${copyField(v[o])}\t${copyField(entries[2 * r])}\t${copyField(entries[2 * r + 1])}\n`;
      searchIds.push(v[o]);
      if (!cellsOnWorker) span.add(acledRollupSource(v, o));
    }
    copy.write(lines);
    searchLines.push(found);
    names.add(v, k);
    progress((done += k));
  };
  // The incidents COPY ends, the held entries are copied (replacing a re-imported
  // record's), and a new incidents COPY takes the next rows.
  const copySearch = async (reopen: boolean) => {
    await copy.end();
    if (!first)
      await sql`delete from search_index where case_id = ${caseId} and record_kind = 'incident'
        and record_id = any(${searchIds})`.execute(db);
    copy = copyInto(client, 'search_index', [
      'case_id',
      'record_kind',
      'record_id',
      'title',
      'body',
    ]);
    for (const lines of searchLines) copy.write(lines);
    searchLines = [];
    searchIds = [];
    await copy.end();
    if (reopen) copy = copyInto(client, target.table, columns);
  };
  const ready = () => (searchIds.length >= PG_SEARCH_CHUNK_ROWS ? copySearch(true) : copy.ready());
  let n: number;
  try {
    const parsed = await readAcled(text, file, 256, { ...opts, rollup: cellsOnWorker }, add, ready);
    n = parsed.n;
    if (parsed.cells) span.addCells(parsed.cells);
    await copySearch(false);
  } catch (e) {
    await copy.abort();
    throw e;
  }
  await target.finish(span);
  if (indexes.length) await sql`set local maintenance_work_mem = '256MB'`.execute(db);
  for (const x of indexes) await sql.raw(x.indexdef).execute(db);
  await resolveActorNames(db, names.refs());
  await span.refresh(db, caseId);
  const afterCommit = async () => {
    await vacuumAfterLoad(store);
    // Statistics only: searches read the GIN index through bitmaps, never index-only.
    await sql`analyze search_index`.execute(store.db);
  };
  return { rows: n, afterCommit: rebuild ? afterCommit : undefined };
}
