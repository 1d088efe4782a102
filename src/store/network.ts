import type { Kysely } from 'kysely';
import type { FtmEntity } from '../network/ftm.ts';
import { listEntities } from './entities.ts';
import { listOrders, type StoredOrder } from './orders.ts';
import { evidenceFor, type SupportingSource } from './sources.ts';
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

/** The evidence behind documents (orders and relation entities), one lookup per id. */
export async function evidenceForDocuments(
  db: Kysely<Database>,
  caseId: string,
  docs: { id: string; kind: 'order' | 'entity' }[],
): Promise<Map<string, SupportingSource[]>> {
  const out = new Map<string, SupportingSource[]>();
  for (const d of docs) {
    const key = `${d.kind}:${d.id}`;
    if (out.has(key)) continue;
    out.set(key, await evidenceFor(db, caseId, d.id, d.kind));
  }
  return out;
}
