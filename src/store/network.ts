import type { Kysely } from 'kysely';
import type { FtmEntity } from '../network/ftm.ts';
import { listEntities } from './entities.ts';
import { listOrders, type StoredOrder } from './orders.ts';
import { evidenceForMany, type SupportingSource } from './sources.ts';
import type { Database } from './types.ts';

/** Everything the network analysis needs from a case: its entities (parties and relations) and orders. */
export async function loadNetworkInput(
  db: Kysely<Database>,
  caseIds: string[],
): Promise<{ entities: FtmEntity[]; orders: StoredOrder[] }> {
  const [entities, orders] = await Promise.all([
    listEntities(db, { caseIds }),
    listOrders(db, caseIds),
  ]);
  return { entities, orders };
}

/** The evidence behind documents (orders and relation entities), in batched queries. */
export async function evidenceForDocuments(
  db: Kysely<Database>,
  caseId: string,
  docs: { id: string; kind: 'order' | 'entity' }[],
): Promise<Map<string, SupportingSource[]>> {
  const out = new Map<string, SupportingSource[]>();
  for (const kind of ['order', 'entity'] as const) {
    const ids = docs.filter((d) => d.kind === kind).map((d) => d.id);
    if (ids.length === 0) continue;
    const found = await evidenceForMany(db, [caseId], ids, kind);
    for (const id of ids) out.set(`${kind}:${id}`, found.get(id) ?? []);
  }
  return out;
}
