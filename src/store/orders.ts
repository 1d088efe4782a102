import type { Kysely } from 'kysely';
import type { StoredOrder } from '../network/schema.ts';
import { upsertRows } from './batch.ts';
import { countOf, type PageArgs } from './paging.ts';
import type { Database, OrderRow } from './types.ts';

/** An order as stored: the orders row with its parties' entity ids (network/schema.ts). */
export type { OrderParties, StoredOrder } from '../network/schema.ts';

export async function upsertOrders(
  db: Kysely<Database>,
  caseId: string,
  orders: StoredOrder[],
  onProgress?: (done: number) => void,
): Promise<void> {
  await upsertRows(
    db,
    'orders',
    orders.map((o) => ({ case_id: caseId, ...o })),
    ['case_id', 'order_id'],
    onProgress,
  );
}

export async function listOrders(
  db: Kysely<Database>,
  caseIds: string[],
  ids?: string[],
): Promise<StoredOrder[]> {
  if (caseIds.length === 0) return [];
  let q = db.selectFrom('orders').selectAll().where('case_id', 'in', caseIds);
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('order_id', 'in', ids);
  }
  const rows = await q.orderBy('order_date').orderBy('order_id').execute();
  return rows.map(({ case_id: _c, ...o }: OrderRow) => o as StoredOrder);
}

/** One page of a case's orders by date, with the total of all pages. */
export async function pageOrders(
  db: Kysely<Database>,
  caseId: string,
  p: PageArgs,
): Promise<{ items: StoredOrder[]; total: number }> {
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
