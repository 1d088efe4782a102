import type { Kysely } from 'kysely';
import { ORDER_ITEM_IDENTITY_FIELDS, type OrderItemIdentity } from '../network/orders.ts';
import type { StoredOrder } from '../network/schema.ts';
import { upsertRows } from './batch.ts';
import { countOf, type PageArgs } from './paging.ts';
import { sqliteHandle, type Store } from './connect.ts';
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

/** What tracing reads of every order: its identity columns, date and two parties. */
export interface OrderIdentityRow extends OrderItemIdentity {
  order_id: string;
  order_date: string | null;
  seller_entity_id: string | null;
  buyer_entity_id: string | null;
}

/**
 * The identity of every order of the cases that names a model or a part number (the only
 * orders an item can be traced to): a narrow read, so that a million orders load in seconds.
 */
const IDENTITY_COLUMNS = [
  'order_id',
  'order_date',
  ...ORDER_ITEM_IDENTITY_FIELDS,
  'seller_entity_id',
  'buyer_entity_id',
] as const;

export async function listOrderIdentities(
  store: Store,
  caseIds: string[],
): Promise<OrderIdentityRow[]> {
  if (caseIds.length === 0) return [];
  const h = sqliteHandle(store);
  if (h) {
    // SQLite: rows read as arrays straight from the driver, through the primary key's
    // index (ordered by it, so the planner does not take a party index and fetch rows
    // at random): about twice as fast as the query builder's row objects.
    const rows = h
      .prepare(
        `select ${IDENTITY_COLUMNS.join(', ')} from orders where case_id in (${caseIds.map(() => '?').join(',')}) and (model is not null or part_number is not null) order by case_id, order_id`,
      )
      .raw(true)
      .iterate(...caseIds) as IterableIterator<(string | null)[]>;
    const out: OrderIdentityRow[] = [];
    // Values that repeat over the orders (dates, makers, models, part numbers, parties) are
    // kept once each: a million rows hold a few thousand of them.
    const shared = new Map<string, string>();
    const one = (v: string | null): string | null => {
      if (v === null) return null;
      const s = shared.get(v);
      if (s !== undefined) return s;
      shared.set(v, v);
      return v;
    };
    for (const r of rows)
      out.push({
        order_id: r[0]!,
        order_date: one(r[1]!),
        manufacturer: one(r[2]!),
        model: one(r[3]!),
        part_number: one(r[4]!),
        lot: r[5]!,
        serial_first: r[6]!,
        serial_last: r[7]!,
        seller_entity_id: one(r[8]!),
        buyer_entity_id: one(r[9]!),
      });
    return out;
  }
  return store.db
    .selectFrom('orders')
    .select([...IDENTITY_COLUMNS])
    .where('case_id', 'in', caseIds)
    .where((eb) => eb.or([eb('model', 'is not', null), eb('part_number', 'is not', null)]))
    .orderBy('case_id')
    .orderBy('order_id')
    .execute();
}

/** Orders of the cases by id, any number of ids (read in chunks under the parameter limits). */
export async function ordersByIds(
  store: Store,
  caseIds: string[],
  ids: string[],
): Promise<StoredOrder[]> {
  if (caseIds.length === 0 || ids.length === 0) return [];
  const out: StoredOrder[] = [];
  const unique = [...new Set(ids)];
  const h = sqliteHandle(store);
  if (h) {
    // SQLite: one prepared statement per chunk size, rows straight from the driver.
    const cases = caseIds.map(() => '?').join(',');
    for (let i = 0; i < unique.length; i += 5000) {
      const chunk = unique.slice(i, i + 5000);
      const rows = h
        .prepare(
          `select * from orders where case_id in (${cases}) and order_id in (${chunk.map(() => '?').join(',')})`,
        )
        .all(...caseIds, ...chunk) as OrderRow[];
      for (const { case_id: _c, ...o } of rows) out.push(o as StoredOrder);
    }
    return out;
  }
  for (let i = 0; i < unique.length; i += 5000) {
    const rows = await store.db
      .selectFrom('orders')
      .selectAll()
      .where('case_id', 'in', caseIds)
      .where('order_id', 'in', unique.slice(i, i + 5000))
      .execute();
    for (const { case_id: _c, ...o } of rows) out.push(o as StoredOrder);
  }
  return out;
}
