import type { Kysely } from 'kysely';
import {
  admiraltyGrade,
  gradeMeaning,
  pageLocator,
  type Evidence,
  type RecordKind,
  type Source,
  type SupportingSource,
} from '../core/provenance.ts';
import { mergeSamePublication } from '../core/publications.ts';
import { upsertRows } from './batch.ts';
import type { Database } from './types.ts';

export async function upsertSources(
  db: Kysely<Database>,
  caseId: string,
  sources: Source[],
): Promise<void> {
  const now = new Date().toISOString();
  await upsertRows(
    db,
    'sources',
    sources.map((s) => ({ case_id: caseId, ...s, created_at: now })),
    ['case_id', 'id'],
  );
}

export async function listSources(db: Kysely<Database>, caseId: string): Promise<Source[]> {
  const rows = await db
    .selectFrom('sources')
    .where('case_id', '=', caseId)
    .orderBy('id')
    .selectAll()
    .execute();
  return rows.map(({ case_id: _c, created_at: _t, ...s }) => s as Source);
}

export async function getSource(
  db: Kysely<Database>,
  caseId: string,
  id: string,
): Promise<Source | undefined> {
  const row = await db
    .selectFrom('sources')
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .selectAll()
    .executeTakeFirst();
  if (!row) return undefined;
  const { case_id: _c, created_at: _t, ...s } = row;
  return s as Source;
}

/**
 * Adds evidence links; a link that already exists (same record, source, page and excerpt)
 * is not duplicated, so re-importing the same file leaves the evidence as it was.
 */
export async function addEvidence(
  db: Kysely<Database>,
  caseId: string,
  links: Evidence[],
): Promise<void> {
  if (links.length === 0) return;
  // One form of locator in the store: "p. 18", never a bare "18" (core/provenance.ts).
  links = links.map((l) => ({ ...l, page: pageLocator(l.page) }));
  const now = new Date().toISOString();
  const existing = await db
    .selectFrom('evidence')
    .where('case_id', '=', caseId)
    .where('record_id', 'in', [...new Set(links.map((l) => l.record_id))])
    .select(['record_kind', 'record_id', 'source_id', 'page', 'excerpt'])
    .execute();
  const seen = new Set(existing.map(evidenceKey));
  const fresh: Evidence[] = [];
  for (const l of links) {
    const k = evidenceKey(l);
    if (seen.has(k)) continue;
    seen.add(k);
    fresh.push(l);
  }
  for (let i = 0; i < fresh.length; i += 1000) {
    await db
      .insertInto('evidence')
      .values(fresh.slice(i, i + 1000).map((l) => ({ case_id: caseId, ...l, created_at: now })))
      .execute();
  }
}

function evidenceKey(l: {
  record_kind: string;
  record_id: string;
  source_id: string;
  page: string | null;
  excerpt: string | null;
}): string {
  return [l.record_kind, l.record_id, l.source_id, l.page ?? '', l.excerpt ?? ''].join('\u0000');
}

/** A source as it supports a record, with the Admiralty grade (core/provenance.ts). */
export type { SupportingSource };

/** What supports a record: its sources with their reliability and each link's credibility. */
export async function evidenceFor(
  db: Kysely<Database>,
  caseId: string,
  recordId: string,
  recordKind?: RecordKind,
): Promise<SupportingSource[]> {
  return (await evidenceForMany(db, [caseId], [recordId], recordKind)).get(recordId) ?? [];
}

/**
 * What supports each of many records, best-graded first, in as few queries as the
 * parameter limits allow: a bulletin of 10 000 incidents would otherwise make 10 000.
 */
export async function evidenceForMany(
  db: Kysely<Database>,
  caseIds: string[],
  recordIds: string[],
  recordKind?: RecordKind,
): Promise<Map<string, SupportingSource[]>> {
  const out = new Map<string, SupportingSource[]>();
  const ids = [...new Set(recordIds)];
  if (caseIds.length === 0) return out;
  for (let i = 0; i < ids.length; i += 500) {
    let q = db
      .selectFrom('evidence as e')
      .innerJoin('sources as s', (j) =>
        j.onRef('s.case_id', '=', 'e.case_id').onRef('s.id', '=', 'e.source_id'),
      )
      .where('e.case_id', 'in', caseIds)
      .where('e.record_id', 'in', ids.slice(i, i + 500));
    if (recordKind) q = q.where('e.record_kind', '=', recordKind);
    const rows = await q
      .select([
        's.id',
        's.title',
        's.publisher',
        's.kind',
        's.url',
        's.published',
        's.reliability',
        'e.record_kind',
        'e.record_id',
        'e.credibility',
        'e.page',
        'e.excerpt',
      ])
      .orderBy('s.reliability')
      .orderBy('e.credibility')
      .orderBy('s.id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.record_id) ?? [];
      list.push({
        ...(r as unknown as Omit<SupportingSource, 'grade'>),
        grade: admiraltyGrade(r.reliability, r.credibility),
        grade_meaning: gradeMeaning(r.reliability, r.credibility),
      });
      out.set(r.record_id, list);
    }
  }
  // A publication cited by name and also graded is one source, not two (core/publications.ts).
  for (const [id, list] of out) if (list.length > 1) out.set(id, mergeSamePublication(list));
  return out;
}

/** Records a source supports, the other way round. */
export async function recordsOfSource(db: Kysely<Database>, caseId: string, sourceId: string) {
  return db
    .selectFrom('evidence')
    .where('case_id', '=', caseId)
    .where('source_id', '=', sourceId)
    .select(['record_kind', 'record_id', 'credibility', 'page', 'excerpt'])
    .$narrowType<{ record_kind: RecordKind }>()
    .orderBy('record_kind')
    .orderBy('record_id')
    .execute();
}
