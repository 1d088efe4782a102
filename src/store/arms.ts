import { sql, type Kysely } from 'kysely';
import { stableId } from '../core/ids.ts';
import type { BaselineRow, SeizureItem } from '../arms/schema.ts';
import { upsertRows } from './batch.ts';
import { countOf, type PageArgs } from './paging.ts';
import type { Database } from './types.ts';

export interface Seizure {
  id: string;
  seizure_date: string | null;
  place: string | null;
  country: string | null;
  seized_by: string | null;
}

/**
 * Stores seizure items; the seizures they belong to are created or updated from the
 * items' seizure columns (the CSV repeats them on every row).
 */
export async function upsertItems(
  db: Kysely<Database>,
  caseId: string,
  items: SeizureItem[],
  onProgress?: (done: number) => void,
): Promise<void> {
  const seizures = new Map<string, Seizure>();
  for (const it of items) {
    const s = seizures.get(it.seizure_id) ?? {
      id: it.seizure_id,
      seizure_date: null,
      place: null,
      country: null,
      seized_by: null,
    };
    s.seizure_date ??= it.seizure_date;
    s.place ??= it.seizure_place;
    s.country ??= it.country;
    s.seized_by ??= it.seized_by;
    seizures.set(it.seizure_id, s);
  }
  await upsertRows(
    db,
    'seizures',
    [...seizures.values()].map((s) => ({ case_id: caseId, ...s })),
    ['case_id', 'id'],
  );
  await upsertRows(
    db,
    'items',
    items.map(({ seizure_date: _d, seizure_place: _p, country: _c, seized_by: _b, ...it }) => ({
      case_id: caseId,
      ...it,
    })),
    ['case_id', 'item_id'],
    onProgress,
  );
}

export async function listSeizures(
  db: Kysely<Database>,
  caseIds: string[],
): Promise<(Seizure & { case_id: string })[]> {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('seizures')
    .selectAll()
    .where('case_id', 'in', caseIds)
    .orderBy('seizure_date')
    .orderBy('id')
    .execute();
}

/** One seizure of a case, or undefined. */
export async function getSeizure(
  db: Kysely<Database>,
  caseId: string,
  id: string,
): Promise<Seizure | undefined> {
  return db
    .selectFrom('seizures')
    .select(['id', 'seizure_date', 'place', 'country', 'seized_by'])
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** One page of a case's seizures by date, each with its number of items, and the total. */
export async function pageSeizures(
  db: Kysely<Database>,
  caseId: string,
  p: PageArgs,
): Promise<{ items: (Seizure & { items: number })[]; total: number }> {
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

/** Items joined with their seizure, in the `seizures` CSV shape. */
export async function listItems(
  db: Kysely<Database>,
  caseIds: string[],
  seizureId?: string,
): Promise<SeizureItem[]> {
  if (caseIds.length === 0) return [];
  let q = db
    .selectFrom('items as i')
    .innerJoin('seizures as s', (j) =>
      j.onRef('s.case_id', '=', 'i.case_id').onRef('s.id', '=', 'i.seizure_id'),
    )
    .where('i.case_id', 'in', caseIds);
  if (seizureId) q = q.where('i.seizure_id', '=', seizureId);
  const rows = await q
    .select([
      'i.seizure_id',
      's.seizure_date',
      's.place as seizure_place',
      's.country',
      's.seized_by',
      'i.item_id',
      'i.category',
      'i.type',
      'i.model',
      'i.manufacturer',
      'i.country_of_manufacture',
      'i.calibre',
      'i.serial_number',
      'i.year_of_manufacture',
      'i.lot',
      'i.parent_item_id',
      'i.quantity',
      'i.notes',
    ])
    .orderBy('i.seizure_id')
    .orderBy('i.item_id')
    .execute();
  return rows as SeizureItem[];
}

export function baselineId(r: BaselineRow): string {
  return stableId('bl', r.type, r.model, r.manufacturer, r.country_of_manufacture);
}

export async function upsertBaseline(
  db: Kysely<Database>,
  caseId: string,
  rows: BaselineRow[],
): Promise<void> {
  await upsertRows(
    db,
    'baseline',
    rows.map((r) => ({ case_id: caseId, id: baselineId(r), ...r })),
    ['case_id', 'id'],
  );
}

export async function listBaseline(
  db: Kysely<Database>,
  caseIds: string[],
): Promise<BaselineRow[]> {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('baseline')
    .where('case_id', 'in', caseIds)
    .select(['type', 'model', 'manufacturer', 'country_of_manufacture', 'count'])
    .orderBy('type')
    .orderBy('model')
    .execute();
}

/** The editable alias tables (model and manufacturer spellings → canonical names). */
export async function listAliases(db: Kysely<Database>, kind?: string) {
  let q = db.selectFrom('aliases').select(['kind', 'alias', 'canonical']);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('kind').orderBy('alias').execute();
}

export async function setAlias(
  db: Kysely<Database>,
  kind: string,
  alias: string,
  canonical: string,
): Promise<void> {
  await upsertRows(
    db,
    'aliases',
    [{ kind, alias, canonical, created_at: new Date().toISOString() }],
    ['kind', 'alias'],
  );
}

export async function deleteAlias(
  db: Kysely<Database>,
  kind: string,
  alias: string,
): Promise<number> {
  const r = await db
    .deleteFrom('aliases')
    .where('kind', '=', kind)
    .where('alias', '=', alias)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
