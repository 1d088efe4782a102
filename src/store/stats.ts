import type { Kysely } from 'kysely';
import type { Database } from './types.ts';

/** Counts per record kind; what `chokepoint stats` and `GET /api/stats` report. */
export interface StoreStats {
  cases: number;
  sources: number;
  evidence: number;
  incidents: number;
  seizures: number;
  items: number;
  baseline: number;
  entities: number;
  relations: number;
  orders: number;
  flag_scores: number;
  reviews: number;
  list_entities: number;
}

const COUNTED = [
  'sources',
  'evidence',
  'incidents',
  'seizures',
  'items',
  'baseline',
  'entities',
  'relations',
  'orders',
  'flag_scores',
  'reviews',
] as const;

export async function storeStats(db: Kysely<Database>, caseIds?: string[]): Promise<StoreStats> {
  const out: Record<string, number> = {};
  const cases = db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n'));
  out.cases = Number(
    (await (caseIds ? cases.where('id', 'in', caseIds) : cases).executeTakeFirstOrThrow()).n,
  );
  for (const table of COUNTED) {
    let q = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (caseIds) q = q.where('case_id', 'in', caseIds);
    out[table] = Number((await q.executeTakeFirstOrThrow()).n);
  }
  out.list_entities = Number(
    (
      await db
        .selectFrom('list_entities')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  return out as unknown as StoreStats;
}
