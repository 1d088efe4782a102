import { sql, type Kysely } from 'kysely';
import { foldText, foldTokens } from '../core/fold.ts';
import type { DialectName } from './connect.ts';
import type { Database } from './types.ts';

export interface SearchDoc {
  record_kind: string;
  record_id: string;
  title: string;
  body: string;
}

export interface SearchHit {
  case_id: string;
  record_kind: string;
  record_id: string;
  title: string;
}

/**
 * (Re)indexes records for full-text search. Titles and bodies are folded first
 * (Şanlıurfa → sanliurfa), so the same words match in SQLite's FTS5 and PostgreSQL's
 * tsvector. The original title is kept beside for display.
 */
export async function indexRecords(
  db: Kysely<Database>,
  caseId: string,
  docs: SearchDoc[],
): Promise<void> {
  if (docs.length === 0) return;
  const byKind = new Map<string, string[]>();
  for (const d of docs)
    byKind.set(d.record_kind, [...(byKind.get(d.record_kind) ?? []), d.record_id]);
  for (const [kind, ids] of byKind) {
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .deleteFrom('search_index')
        .where('case_id', '=', caseId)
        .where('record_kind', '=', kind)
        .where('record_id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }
  for (let i = 0; i < docs.length; i += 1000) {
    await db
      .insertInto('search_index')
      .values(
        docs.slice(i, i + 1000).map((d) => ({
          case_id: caseId,
          record_kind: d.record_kind,
          record_id: d.record_id,
          // The display title rides in front of its folded twin; search reads only the fold.
          title: `${d.title}\u0001${foldText(d.title)}`,
          body: foldText(d.body),
        })),
      )
      .execute();
  }
}

/** Finds records whose folded text holds every word of the query (each as a prefix). */
export async function searchRecords(
  db: Kysely<Database>,
  dialect: DialectName,
  caseIds: string[],
  query: string,
  opts: { kind?: string; limit?: number } = {},
): Promise<SearchHit[]> {
  const tokens = foldTokens(query);
  if (tokens.length === 0 || caseIds.length === 0) return [];
  const limit = opts.limit ?? 50;
  let rows: { case_id: string; record_kind: string; record_id: string; title: string }[];
  if (dialect === 'sqlite') {
    const match = tokens.map((t) => `"${t}"*`).join(' AND ');
    let q = db
      .selectFrom('search_index')
      .select(['case_id', 'record_kind', 'record_id', 'title'])
      .where(sql<boolean>`search_index match ${match}`)
      .where('case_id', 'in', caseIds);
    if (opts.kind) q = q.where('record_kind', '=', opts.kind);
    rows = await q
      .orderBy(sql`rank`)
      .limit(limit)
      .execute();
  } else {
    const tsq = tokens.map((t) => `${t}:*`).join(' & ');
    let q = db
      .selectFrom('search_index')
      .select(['case_id', 'record_kind', 'record_id', 'title'])
      .where(sql<boolean>`tsv @@ to_tsquery('simple', ${tsq})`)
      .where('case_id', 'in', caseIds);
    if (opts.kind) q = q.where('record_kind', '=', opts.kind);
    rows = await q
      .orderBy(sql`ts_rank(tsv, to_tsquery('simple', ${tsq}))`, 'desc')
      .limit(limit)
      .execute();
  }
  return rows.map((r) => ({ ...r, title: r.title.split('\u0001')[0]! }));
}
