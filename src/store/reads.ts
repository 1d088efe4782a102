import { mergeSamePublication } from '../core/publications.ts';
import type SQLite from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { gradeMeaning, type RecordKind } from '../core/provenance.ts';
import type { FtmEntity } from '../network/ftm.ts';
import { sqliteHandle, type Store } from './connect.ts';
import type { RelationRow } from './entities.ts';
import type { StoredFlag, StoredScore } from './flags.ts';
import type { StoredOrder } from './orders.ts';
import type { SupportingSource } from './sources.ts';

/**
 * The hot reads of the entity routes (lookup, neighbourhood) as fixed SQL, written once.
 * Building and compiling a Kysely query costs more than running it on an indexed key, and
 * Kysely's SQLite driver prepares every statement anew; a lookup runs six of them. Here
 * the SQL text is a constant: on SQLite its prepared statement is kept (one per text, so
 * the cache is bounded by the handful of texts below) and run synchronously; on
 * PostgreSQL it goes through Kysely as a precompiled query, skipping the builder.
 *
 * Lists of ids travel as one parameter: `json_each(?)` on SQLite, `= any(?)` (an array)
 * on PostgreSQL, so one statement serves any number of ids and still uses the
 * (case_id, …) indexes.
 */

const statements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

function prepared(h: SQLite.Database, text: string): SQLite.Statement {
  let byText = statements.get(h);
  if (!byText) statements.set(h, (byText = new Map()));
  let stmt = byText.get(text);
  if (!stmt) byText.set(text, (stmt = h.prepare(text)));
  return stmt;
}

/** `IN_LIST(?)` marks a parameter holding an array of ids. */
function dialectSql(text: string, dialect: Store['dialect']): string {
  if (dialect === 'sqlite')
    return text.replace(/\bIN_LIST\(\?\)/g, 'in (select value from json_each(?))');
  let n = 0;
  return text.replace(/\bIN_LIST\(\?\)/g, '= any(?)').replace(/\?/g, () => `$${++n}`);
}

const texts = new Map<string, string>();
function sqlFor(text: string, dialect: Store['dialect']): string {
  const k = `${dialect}\u0000${text}`;
  let s = texts.get(k);
  if (s === undefined) texts.set(k, (s = dialectSql(text, dialect)));
  return s;
}

async function rows<T>(store: Store, text: string, params: unknown[]): Promise<T[]> {
  const h = sqliteHandle(store);
  if (h) {
    const args = params.map((p) => (Array.isArray(p) ? JSON.stringify(p) : p));
    const sql = sqlFor(text, 'sqlite');
    // Inside an open Kysely transaction (an import in progress, awaiting between its
    // statements) a direct read on the same handle would see uncommitted rows: queue
    // behind it through Kysely's connection instead.
    if (h.inTransaction) {
      return (await store.db.executeQuery<T>(CompiledQuery.raw(sql, args))).rows as T[];
    }
    return prepared(h, sql).all(...args) as T[];
  }
  return (await store.db.executeQuery<T>(CompiledQuery.raw(sqlFor(text, store.dialect), params)))
    .rows as T[];
}

/** One entity of a case as stored, or undefined. */
export async function readEntity(
  store: Store,
  caseId: string,
  id: string,
): Promise<FtmEntity | undefined> {
  const [r] = await rows<{ data: string }>(
    store,
    'select data from entities where case_id = ? and id = ?',
    [caseId, id],
  );
  return r ? (JSON.parse(r.data) as FtmEntity) : undefined;
}

/**
 * Relations of a case with either end among `ids`, sorted by id. One branch per end:
 * `source_id in … or target_id in …` would make SQLite scan the case's relations instead
 * of using the (case_id, source_id) and (case_id, target_id) indexes.
 */
export async function readRelationsTouching(
  store: Store,
  caseId: string,
  ids: string[],
): Promise<RelationRow[]> {
  if (ids.length === 0) return [];
  const out = new Map<string, RelationRow>();
  for (const r of await rows<RelationRow>(
    store,
    `select id, schema, source_id, target_id, start_date, end_date from relations
       where case_id = ? and source_id IN_LIST(?)
     union all
     select id, schema, source_id, target_id, start_date, end_date from relations
       where case_id = ? and target_id IN_LIST(?)`,
    [caseId, ids, caseId, ids],
  ))
    out.set(r.id, r);
  return [...out.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Id, schema and caption of entities of a case, without parsing their JSON. */
export async function readCaptions(
  store: Store,
  caseId: string,
  ids: string[],
): Promise<{ id: string; schema: string; caption: string }[]> {
  if (ids.length === 0) return [];
  return rows(
    store,
    'select id, schema, caption from entities where case_id = ? and id IN_LIST(?)',
    [caseId, ids],
  );
}

/** Orders in which an entity is seller, buyer, payer or consignee, by date then id. */
export async function readOrdersOfEntity(
  store: Store,
  caseId: string,
  entityId: string,
): Promise<StoredOrder[]> {
  const found = await rows<Record<string, unknown>>(
    store,
    `select * from orders where case_id = ? and (seller_entity_id = ? or buyer_entity_id = ?
       or payer_entity_id = ? or consignee_entity_id = ?) order by order_date, order_id`,
    [caseId, entityId, entityId, entityId, entityId],
  );
  return found.map(({ case_id: _c, ...o }) => o as unknown as StoredOrder);
}

/** The latest score of each of these orders of a case, most likely first. */
export async function readLatestScores(
  store: Store,
  caseId: string,
  orderIds: string[],
): Promise<StoredScore[]> {
  if (orderIds.length === 0) return [];
  const found = await rows<Omit<StoredScore, 'flags'> & { flags: string }>(
    store,
    `select f.order_id, f.rules_version, f.likelihood, f.flags, f.scored_at from flag_scores f
     where f.case_id = ? and f.id in (select max(g.id) from flag_scores g
       where g.case_id = ? and g.order_id IN_LIST(?) group by g.order_id)
     order by f.likelihood desc, f.order_id`,
    [caseId, caseId, orderIds],
  );
  return found.map((r) => ({ ...r, flags: JSON.parse(r.flags) as StoredFlag[] }));
}

/** What supports a record: its sources, most reliable first (as `evidenceFor`). */
export async function readEvidence(
  store: Store,
  caseId: string,
  recordId: string,
  recordKind: RecordKind,
): Promise<SupportingSource[]> {
  const found = await rows<Omit<SupportingSource, 'grade'>>(
    store,
    `select s.id, s.title, s.publisher, s.kind, s.url, s.published, s.reliability,
       e.record_kind, e.record_id, e.credibility, e.page, e.excerpt
     from evidence e join sources s on s.case_id = e.case_id and s.id = e.source_id
     where e.case_id = ? and e.record_id = ? and e.record_kind = ?
     order by s.reliability, e.credibility, s.id`,
    [caseId, recordId, recordKind],
  );
  // One entry per publication, as `evidenceFor` answers (core/publications.ts).
  return mergeSamePublication(
    found.map((r) => ({
      ...r,
      grade: `${r.reliability}${r.credibility}`,
      grade_meaning: gradeMeaning(r.reliability, r.credibility),
    })),
  );
}
