import type { Kysely } from 'kysely';
import { edgeEnds, entityCaption, prop, type FtmEntity } from '../network/ftm.ts';
import { upsertRows } from './batch.ts';
import type { Store } from './connect.ts';
import { countOf, searchIds, type PageArgs } from './paging.ts';
import type { RelationRow } from '../network/schema.ts';
import type { Database } from './types.ts';

/**
 * Stores FollowTheMoney entities exactly as they came (unknown keys and properties
 * included) and, for edge schemas (Ownership, Family, Payment, …), a row in `relations`
 * so that graph queries need not parse JSON.
 */
export async function upsertEntities(
  db: Kysely<Database>,
  caseId: string,
  entities: FtmEntity[],
  onProgress?: (done: number) => void,
): Promise<void> {
  const now = new Date().toISOString();
  await upsertRows(
    db,
    'entities',
    entities.map((e) => ({
      case_id: caseId,
      id: e.id,
      schema: e.schema,
      caption: entityCaption(e),
      data: JSON.stringify(e),
      created_at: now,
      updated_at: now,
    })),
    ['case_id', 'id'],
    onProgress,
  );
  const relations = [];
  for (const e of entities) {
    const ends = edgeEnds(e);
    if (!ends) continue;
    relations.push({
      case_id: caseId,
      id: e.id,
      schema: e.schema,
      source_id: ends.source,
      target_id: ends.target,
      start_date: prop(e, 'startDate') ?? prop(e, 'date'),
      end_date: prop(e, 'endDate'),
    });
  }
  await upsertRows(db, 'relations', relations, ['case_id', 'id']);
}

export interface EntityFilter {
  caseIds: string[];
  schema?: string | string[];
  ids?: string[];
  limit?: number;
  offset?: number;
}

export async function listEntities(db: Kysely<Database>, f: EntityFilter): Promise<FtmEntity[]> {
  if (f.caseIds.length === 0) return [];
  let q = db.selectFrom('entities').select(['data']).where('case_id', 'in', f.caseIds);
  if (f.schema) q = q.where('schema', 'in', Array.isArray(f.schema) ? f.schema : [f.schema]);
  if (f.ids) {
    if (f.ids.length === 0) return [];
    q = q.where('id', 'in', f.ids);
  }
  q = q.orderBy('id');
  if (f.limit !== undefined) q = q.limit(f.limit);
  if (f.offset) q = q.offset(f.offset);
  const rows = await q.execute();
  return rows.map((r) => JSON.parse(r.data) as FtmEntity);
}

export async function getEntity(
  db: Kysely<Database>,
  caseIds: string[],
  id: string,
): Promise<FtmEntity | undefined> {
  const [e] = await listEntities(db, { caseIds, ids: [id] });
  return e;
}

export type { RelationRow } from '../network/schema.ts';

/** Relations of the case, or those touching one entity. */
export async function listRelations(
  db: Kysely<Database>,
  caseIds: string[],
  entityId?: string,
): Promise<RelationRow[]> {
  if (caseIds.length === 0) return [];
  let q = db
    .selectFrom('relations')
    .select(['id', 'schema', 'source_id', 'target_id', 'start_date', 'end_date'])
    .where('case_id', 'in', caseIds);
  if (entityId)
    q = q.where((eb) => eb.or([eb('source_id', '=', entityId), eb('target_id', '=', entityId)]));
  return q.orderBy('id').execute();
}

export interface EntityQuery extends PageArgs {
  /** Words to find in the full-text index. */
  q?: string;
  schema?: string;
}

/** One page of a case's entities by caption, filtered, with the total of all pages. */
export async function pageEntities(
  store: Store,
  caseId: string,
  f: EntityQuery,
): Promise<{ items: FtmEntity[]; total: number }> {
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
