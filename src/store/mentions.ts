import type { Kysely } from 'kysely';
import type { DraftOrder, Mention, MentionState, Xref } from '../documents/mentions/schema.ts';
import type { Evidence, Source } from '../core/provenance.ts';
import { addEvidence, getSource, upsertSources } from './sources.ts';
import type { Database } from './types.ts';

/**
 * Mentions found on document pages, their cross-references against lists and other cases,
 * and the draft orders paperwork proposes (issue 21, items 3–5). A mention or a
 * cross-reference once decided is kept as decided: extracting again replaces only what is
 * still proposed and never proposes again what was rejected.
 */

export interface MentionRow {
  case_id: string;
  id: string;
  document_id: string;
  page: number;
  kind: string;
  text: string;
  normalized: string;
  start: number;
  end: number;
  entity_id: string | null;
  state: string;
  record_kind: string | null;
  record_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

export interface XrefRow {
  case_id: string;
  id: string;
  mention_id: string;
  document_id: string;
  page: number;
  name: string;
  target: string;
  target_case_id: string | null;
  list: string | null;
  entity_id: string;
  entity_name: string;
  score: number;
  explanation: string;
  decision: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

export interface DraftRow {
  case_id: string;
  id: string;
  document_id: string;
  kind: string;
  fields: string;
  state: string;
  order_id: string | null;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

/** Migration '0012_mentions': both dialects. */
export async function mentionsMigration(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('document_mentions')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('normalized', 'text', (c) => c.notNull())
    .addColumn('start', 'integer', (c) => c.notNull())
    .addColumn('end', 'integer', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('record_kind', 'text')
    .addColumn('record_id', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addPrimaryKeyConstraint('document_mentions_pk', ['case_id', 'id'])
    .execute();
  await db.schema
    .createIndex('document_mentions_doc')
    .on('document_mentions')
    .columns(['case_id', 'document_id', 'page', 'start'])
    .execute();
  await db.schema
    .createTable('document_xrefs')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('mention_id', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('target_case_id', 'text')
    .addColumn('list', 'text')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('entity_name', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addPrimaryKeyConstraint('document_xrefs_pk', ['case_id', 'id'])
    .execute();
  await db.schema
    .createIndex('document_xrefs_doc')
    .on('document_xrefs')
    .columns(['case_id', 'document_id'])
    .execute();
  await db.schema
    .createTable('document_drafts')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addPrimaryKeyConstraint('document_drafts_pk', ['case_id', 'id'])
    .execute();
}

const toMention = ({ case_id: _c, ...r }: MentionRow): Mention => r as Mention;
const toXref = ({ case_id: _c, explanation, ...r }: XrefRow): Xref =>
  ({ ...r, score: Number(r.score), explanation: JSON.parse(explanation) }) as Xref;
const toDraft = ({ case_id: _c, fields, ...r }: DraftRow): DraftOrder =>
  ({ ...r, fields: JSON.parse(fields) }) as DraftOrder;

/** What makes two readings of a page one mention: the same words at the same place. */
const mentionKey = (m: Pick<MentionRow, 'page' | 'kind' | 'start' | 'end' | 'normalized'>) =>
  [m.page, m.kind, m.start, m.end, m.normalized].join('\u0000');

/**
 * Replaces the proposed mentions of a document with these, in one transaction; mentions
 * already accepted or rejected stay, and a new reading of the same words at the same place
 * is not proposed again.
 */
export async function replaceProposedMentions(
  db: Kysely<Database>,
  caseId: string,
  documentId: string,
  mentions: Mention[],
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('document_mentions')
      .where('case_id', '=', caseId)
      .where('document_id', '=', documentId)
      .where('state', '=', 'proposed')
      .execute();
    const decided = await tx
      .selectFrom('document_mentions')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('document_id', '=', documentId)
      .execute();
    const seen = new Set(decided.map((d) => mentionKey(d)));
    const fresh = mentions.filter((m) => !seen.has(mentionKey(m)) && seen.add(mentionKey(m)));
    for (let i = 0; i < fresh.length; i += 500)
      await tx
        .insertInto('document_mentions')
        .values(fresh.slice(i, i + 500).map((m) => ({ case_id: caseId, ...m })))
        .execute();
    return fresh.length;
  });
}

export interface MentionFilter {
  document_id?: string;
  state?: MentionState;
  kinds?: string[];
}

/** Mentions of a case in page order: by document, page, then place on the page. */
export async function listMentions(
  db: Kysely<Database>,
  caseId: string,
  f: MentionFilter = {},
): Promise<Mention[]> {
  let q = db.selectFrom('document_mentions').selectAll().where('case_id', '=', caseId);
  if (f.document_id) q = q.where('document_id', '=', f.document_id);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.kinds?.length) q = q.where('kind', 'in', f.kinds);
  const rows = await q
    .orderBy('document_id')
    .orderBy('page')
    .orderBy('start')
    .orderBy('end')
    .execute();
  return rows.map(toMention);
}

export async function getMention(
  db: Kysely<Database>,
  caseId: string,
  id: string,
): Promise<Mention | undefined> {
  const r = await db
    .selectFrom('document_mentions')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r && toMention(r);
}

/** Records a decision on a mention (and, for an acceptance, the record it supports). */
export async function decideMention(
  db: Kysely<Database>,
  caseId: string,
  id: string,
  d: Pick<Mention, 'state' | 'record_kind' | 'record_id' | 'entity_id' | 'decided_by'>,
): Promise<void> {
  await db
    .updateTable('document_mentions')
    .set({ ...d, decided_at: new Date().toISOString() })
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .execute();
}

/**
 * Replaces the undecided cross-references of a document against the lists and the cases
 * named; decided ones stay as decided.
 */
export async function replaceXrefs(
  db: Kysely<Database>,
  caseId: string,
  documentId: string,
  xrefs: Xref[],
  /** The other cases the run looked at: undecided results about any other case are kept. */
  targetCases: string[],
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('document_xrefs')
      .where('case_id', '=', caseId)
      .where('document_id', '=', documentId)
      .where('decision', 'is', null)
      .where((w) =>
        targetCases.length
          ? w.or([w('target', '=', 'list'), w('target_case_id', 'in', targetCases)])
          : w('target', '=', 'list'),
      )
      .execute();
    const kept = await tx
      .selectFrom('document_xrefs')
      .select('id')
      .where('case_id', '=', caseId)
      .where('document_id', '=', documentId)
      .execute();
    const have = new Set(kept.map((k) => k.id));
    const fresh = xrefs.filter((x) => !have.has(x.id) && have.add(x.id));
    for (let i = 0; i < fresh.length; i += 500)
      await tx
        .insertInto('document_xrefs')
        .values(
          fresh
            .slice(i, i + 500)
            .map((x) => ({ case_id: caseId, ...x, explanation: JSON.stringify(x.explanation) })),
        )
        .execute();
  });
}

/** Cross-references of a case (of one document), best score first. */
export async function listXrefs(
  db: Kysely<Database>,
  caseId: string,
  documentId?: string,
): Promise<Xref[]> {
  let q = db.selectFrom('document_xrefs').selectAll().where('case_id', '=', caseId);
  if (documentId) q = q.where('document_id', '=', documentId);
  const rows = await q.orderBy('score', 'desc').orderBy('id').execute();
  return rows.map(toXref);
}

/** Records match / no match on a cross-reference; false when there is none of that id. */
export async function decideXref(
  db: Kysely<Database>,
  caseId: string,
  id: string,
  decision: 'match' | 'no_match',
  decidedBy: string,
): Promise<boolean> {
  const r = await db
    .updateTable('document_xrefs')
    .set({ decision, decided_by: decidedBy, decided_at: new Date().toISOString() })
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Stores a draft unless one of its id was already confirmed or discarded. */
export async function saveDraft(
  db: Kysely<Database>,
  caseId: string,
  d: DraftOrder,
): Promise<void> {
  const have = await getDraft(db, caseId, d.id);
  const row = { case_id: caseId, ...d, fields: JSON.stringify(d.fields) };
  if (!have) await db.insertInto('document_drafts').values(row).execute();
  else if (have.state === 'draft')
    await db
      .updateTable('document_drafts')
      .set({ kind: row.kind, fields: row.fields })
      .where('case_id', '=', caseId)
      .where('id', '=', d.id)
      .execute();
}

export async function getDraft(
  db: Kysely<Database>,
  caseId: string,
  id: string,
): Promise<DraftOrder | undefined> {
  const r = await db
    .selectFrom('document_drafts')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r && toDraft(r);
}

export async function listDrafts(
  db: Kysely<Database>,
  caseId: string,
  f: { document_id?: string; state?: string } = {},
): Promise<DraftOrder[]> {
  let q = db.selectFrom('document_drafts').selectAll().where('case_id', '=', caseId);
  if (f.document_id) q = q.where('document_id', '=', f.document_id);
  if (f.state) q = q.where('state', '=', f.state);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toDraft);
}

/** Marks a draft confirmed (with the order it became) or discarded, with the fields as decided. */
export async function decideDraft(
  db: Kysely<Database>,
  caseId: string,
  id: string,
  d: Pick<DraftOrder, 'state' | 'order_id' | 'fields' | 'decided_by'>,
): Promise<void> {
  await db
    .updateTable('document_drafts')
    .set({ ...d, fields: JSON.stringify(d.fields), decided_at: new Date().toISOString() })
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .execute();
}

/** A document as the source of what its pages say: added unless the case already grades it. */
export async function ensureDocumentSource(
  db: Kysely<Database>,
  caseId: string,
  source: Source,
): Promise<void> {
  if (!(await getSource(db, caseId, source.id))) await upsertSources(db, caseId, [source]);
}

/**
 * Accepts a mention in one transaction: the document becomes a source of the record (kept
 * as graded if it already is one), the evidence link is added, the decision recorded.
 */
export async function acceptMentionAsEvidence(
  db: Kysely<Database>,
  caseId: string,
  id: string,
  a: { source: Source; link: Evidence; entity_id: string | null; decided_by: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await ensureDocumentSource(trx, caseId, a.source);
    await addEvidence(trx, caseId, [a.link]);
    await decideMention(trx, caseId, id, {
      state: 'accepted',
      record_kind: a.link.record_kind,
      record_id: a.link.record_id,
      entity_id: a.entity_id,
      decided_by: a.decided_by,
    });
  });
}
