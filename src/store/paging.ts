import { sql, type SelectQueryBuilder } from 'kysely';
import type { Store } from './connect.ts';
import { searchRecords } from './search.ts';

/**
 * What the paged reads share: a page's bounds, the total behind the
 * `{items, total, limit, offset}` envelope, and the full-text filter. Each paged read
 * takes exactly one case id (the one the API's access hook checked).
 */

export interface PageArgs {
  limit: number;
  offset: number;
}

/** The number of rows a query would return, without its selection and order. */
export async function countOf<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
): Promise<number> {
  const r = await q
    .clearSelect()
    .clearOrderBy()
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number((r as { n: number }).n);
}

/** Ids of a case's records whose folded text holds every word of `q`; null when no query. */
export async function searchIds(
  store: Store,
  caseId: string,
  kind: string,
  q: string | undefined,
): Promise<string[] | null> {
  if (!q) return null;
  const hits = await searchRecords(store.db, store.dialect, [caseId], q, { kind, limit: 5000 });
  return hits.map((h) => h.record_id);
}
