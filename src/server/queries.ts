import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { FtmEntity } from '../network/ftm.ts';
import type { Store } from '../store/connect.ts';
import type { StoredOrder } from '../store/orders.ts';
import { rowToIncident } from '../store/incidents.ts';
import { searchRecords } from '../store/search.ts';
import type { Database } from '../store/types.ts';

/**
 * Paged queries the routes need beyond the store's repositories: the same filters as the
 * repositories, plus a total for the `{items, total, limit, offset}` envelope. Every one
 * takes exactly one case id, the one the access hook checked.
 */

export interface PageArgs {
  limit: number;
  offset: number;
}

async function countOf<DB, TB extends keyof DB, O>(q: SelectQueryBuilder<DB, TB, O>) {
  const r = await q
    .clearSelect()
    .clearOrderBy()
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number((r as { n: number }).n);
}

/** Ids of a case's records whose folded text holds every word of `q`; null when no query. */
async function searchIds(
  store: Store,
  caseId: string,
  kind: string,
  q: string | undefined,
): Promise<string[] | null> {
  if (!q) return null;
  const hits = await searchRecords(store.db, store.dialect, [caseId], q, { kind, limit: 5000 });
  return hits.map((h) => h.record_id);
}

export interface IncidentQuery extends PageArgs {
  from?: string;
  to?: string;
  country?: string;
  admin1?: string;
  attack_type?: string;
  attribution?: string;
  /** A source id, or a source's title as cited. */
  source?: string;
  q?: string;
  /** `date` (oldest first, the default) or `-date` (newest first). */
  sort?: 'date' | '-date';
}

export async function pageIncidents(store: Store, caseId: string, f: IncidentQuery) {
  const db = store.db;
  let q = db
    .selectFrom('incidents')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('merged_into', 'is', null);
  if (f.from) q = q.where('date', '>=', f.from);
  if (f.to) q = q.where('date', '<=', f.to);
  if (f.country) {
    const c = f.country;
    q = q.where((eb) => eb.or([eb('country', '=', c), eb('country_code', '=', c.toUpperCase())]));
  }
  if (f.admin1) q = q.where('admin1', '=', f.admin1);
  if (f.attack_type) q = q.where('attack_type', '=', f.attack_type);
  if (f.attribution) q = q.where('attribution', '=', f.attribution);
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
    if (ids.length === 0) return { items: [], total: 0 };
    q = q.where('id', 'in', ids);
  }
  const total = await countOf(q);
  const dir = f.sort === '-date' ? 'desc' : 'asc';
  const rows = await q
    .orderBy('date', dir)
    .orderBy('id', dir)
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { items: rows.map(rowToIncident), total };
}

export interface EntityQuery extends PageArgs {
  q?: string;
  schema?: string;
}

export async function pageEntities(store: Store, caseId: string, f: EntityQuery) {
  let q = store.db
    .selectFrom('entities')
    .select(['id', 'schema', 'caption', 'data'])
    .where('case_id', '=', caseId);
  if (f.schema) q = q.where('schema', '=', f.schema);
  const ids = await searchIds(store, caseId, 'entity', f.q);
  if (ids) {
    if (ids.length === 0) return { items: [], total: 0 };
    q = q.where('id', 'in', ids);
  }
  const total = await countOf(q);
  const rows = await q.orderBy('caption').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return {
    items: rows.map((r) => ({ ...(JSON.parse(r.data) as FtmEntity), caption: r.caption })),
    total,
  };
}

export async function pageOrders(db: Kysely<Database>, caseId: string, p: PageArgs) {
  const q = db.selectFrom('orders').selectAll().where('case_id', '=', caseId);
  const total = await countOf(q);
  const rows = await q
    .orderBy('order_date')
    .orderBy('order_id')
    .limit(p.limit)
    .offset(p.offset)
    .execute();
  return { items: rows.map(({ case_id: _c, ...o }) => o as StoredOrder), total };
}

export async function pageSeizures(db: Kysely<Database>, caseId: string, p: PageArgs) {
  const q = db
    .selectFrom('seizures as s')
    .where('s.case_id', '=', caseId)
    .select([
      's.id',
      's.seizure_date',
      's.place',
      's.country',
      's.seized_by',
      (eb) =>
        eb
          .selectFrom('items as i')
          .whereRef('i.case_id', '=', 's.case_id')
          .whereRef('i.seizure_id', '=', 's.id')
          .select(sql<number>`coalesce(sum(i.quantity), 0)`.as('q'))
          .as('items'),
    ]);
  const total = await countOf(db.selectFrom('seizures').where('case_id', '=', caseId).selectAll());
  const rows = await q
    .orderBy('s.seizure_date')
    .orderBy('s.id')
    .limit(p.limit)
    .offset(p.offset)
    .execute();
  return { items: rows.map((r) => ({ ...r, items: Number(r.items ?? 0) })), total };
}

/** The latest review decision of every reviewed order of a case. */
export async function latestReviews(db: Kysely<Database>, caseId: string) {
  const rows = await db
    .selectFrom('reviews')
    .where('case_id', '=', caseId)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('reviews as r')
        .where('r.case_id', '=', caseId)
        .select((e) => e.fn.max('r.id').as('id'))
        .groupBy('r.order_id'),
    )
    .select(['order_id', 'status', 'decided_by', 'reason', 'decided_at'])
    .execute();
  return new Map(rows.map((r) => [r.order_id, r]));
}
