import type { Kysely } from 'kysely';
import { ChokepointError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Database } from './types.ts';

/**
 * Entity merges from deduplication: which records were taken as one entity, why (the
 * features of the pairs that joined them), and when a merge was undone. A merge is never
 * deleted: reverting stamps `reverted_at`, so the history of decisions stays readable and
 * the original records, each with its own provenance, are never touched.
 */
export interface EntityMerge {
  id: string;
  canonical_id: string;
  member_ids: string[];
  explanation: unknown;
  created_at: string;
  reverted_at: string | null;
}

export async function recordMerge(
  db: Kysely<Database>,
  caseId: string,
  merge: { canonical_id: string; member_ids: string[]; explanation: unknown },
): Promise<EntityMerge> {
  if (merge.member_ids.length < 2)
    throw new ChokepointError('CP_BAD_INPUT', 'a merge needs at least two members', {
      field: 'member_ids',
    });
  if (!merge.member_ids.includes(merge.canonical_id)) {
    throw new ChokepointError('CP_BAD_INPUT', 'the canonical id must be one of the members', {
      field: 'canonical_id',
      got: merge.canonical_id,
    });
  }
  const row = {
    id: newId('merge'),
    case_id: caseId,
    canonical_id: merge.canonical_id,
    member_ids: JSON.stringify([...merge.member_ids].sort()),
    explanation: JSON.stringify(merge.explanation),
    created_at: new Date().toISOString(),
    reverted_at: null,
  };
  await db.insertInto('entity_merges').values(row).execute();
  return toMerge(row);
}

function toMerge(r: Database['entity_merges']): EntityMerge {
  return {
    id: r.id,
    canonical_id: r.canonical_id,
    member_ids: JSON.parse(r.member_ids) as string[],
    explanation: JSON.parse(r.explanation) as unknown,
    created_at: r.created_at,
    reverted_at: r.reverted_at,
  };
}

export async function listMerges(
  db: Kysely<Database>,
  caseId: string,
  opts: { includeReverted?: boolean } = {},
): Promise<EntityMerge[]> {
  let q = db.selectFrom('entity_merges').selectAll().where('case_id', '=', caseId);
  if (!opts.includeReverted) q = q.where('reverted_at', 'is', null);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map(toMerge);
}

/** Undoes a merge (a split): its members are separate entities again. */
export async function revertMerge(
  db: Kysely<Database>,
  caseId: string,
  id: string,
): Promise<EntityMerge> {
  const row = await db
    .selectFrom('entity_merges')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new ChokepointError('CP_NOT_FOUND', `no merge "${id}"`, { field: 'id' });
  if (row.reverted_at)
    throw new ChokepointError(
      'CP_CONFLICT',
      `merge "${id}" was already reverted on ${row.reverted_at}`,
      { field: 'id' },
    );
  const reverted_at = new Date().toISOString();
  await db
    .updateTable('entity_merges')
    .set({ reverted_at })
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .execute();
  return toMerge({ ...row, reverted_at });
}

/** The canonical id of every merged record under the merges in force (for reading through merges). */
export async function canonicalIds(
  db: Kysely<Database>,
  caseId: string,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const m of await listMerges(db, caseId))
    for (const id of m.member_ids) out.set(id, m.canonical_id);
  return out;
}
