import { CompiledQuery, sql, type Generated, type Kysely } from 'kysely';
import type { Document, DocumentPage, DocumentStatus, StageError } from '../documents/schema.ts';
import type { DialectName } from './connect.ts';
import type { Database } from './types.ts';

/**
 * Documents and their pages (issue 21). `documents` holds one row per file a case holds
 * (the same bytes twice are one row: the id comes from the sha256); `document_pages` the
 * text of each page and its fold. Full text runs over the fold: SQLite's FTS5 as an
 * external-content table over `document_pages.folded` (the folded text is kept once),
 * PostgreSQL's tsvector generated from it with a GIN index. The originals are files,
 * content-addressed (src/store/files.ts), never rows.
 */

export interface DocumentRow {
  case_id: string;
  id: string;
  title: string;
  file_name: string;
  mime: string;
  pages: number;
  parent_id: string | null;
  sha256: string;
  status: string;
  language: string | null;
  size: number;
  errors: string;
  meta: string;
  rendition_sha256: string | null;
  created_at: string;
  updated_at: string;
}

export interface DocumentPageRow {
  id: Generated<number>;
  case_id: string;
  document_id: string;
  page: number;
  text: string;
  folded: string;
  language: string | null;
  method: string;
}

/** Migration '0011_documents': both dialects. */
export async function documentsMigration(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('pages', 'integer', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('meta', 'text', (c) => c.notNull())
    .addColumn('rendition_sha256', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('documents_pk', ['case_id', 'id'])
    .execute();
  await db.schema
    .createIndex('documents_list')
    .on('documents')
    .columns(['case_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('documents_parent')
    .on('documents')
    .columns(['case_id', 'parent_id'])
    .execute();

  const pages = db.schema
    .createTable('document_pages')
    .addColumn('id', dialect === 'sqlite' ? 'integer' : 'serial', (c) =>
      dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('folded', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addUniqueConstraint('document_pages_key', ['case_id', 'document_id', 'page'])
    .addForeignKeyConstraint(
      'document_pages_document_fk',
      ['case_id', 'document_id'],
      'documents',
      ['case_id', 'id'],
    );
  await pages.execute();
  if (dialect === 'sqlite') {
    await sql`create virtual table document_fts using fts5(folded, content='document_pages', content_rowid='id', tokenize='unicode61')`.execute(
      db,
    );
  } else {
    await sql`alter table document_pages add column tsv tsvector generated always as (to_tsvector('simple', folded)) stored`.execute(
      db,
    );
    await sql`create index document_pages_tsv on document_pages using gin (tsv)`.execute(db);
  }
}

function toDocument(r: DocumentRow): Document {
  return {
    ...r,
    size: Number(r.size),
    status: r.status as DocumentStatus,
    errors: JSON.parse(r.errors) as StageError[],
    meta: JSON.parse(r.meta) as Record<string, string>,
  };
}

function toRow(d: Document): DocumentRow {
  return { ...d, errors: JSON.stringify(d.errors), meta: JSON.stringify(d.meta) };
}

/** Inserts a document, or replaces every field of the one with its id. */
export async function saveDocument(db: Kysely<Database>, d: Document): Promise<void> {
  const row = toRow(d);
  const { case_id: _c, id: _i, created_at: _a, ...changes } = row;
  await db
    .insertInto('documents')
    .values(row)
    .onConflict((oc) => oc.columns(['case_id', 'id']).doUpdateSet(changes))
    .execute();
}

export async function getDocument(
  db: Kysely<Database>,
  caseId: string,
  id: string,
): Promise<Document | undefined> {
  const r = await db
    .selectFrom('documents')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r && toDocument(r);
}

export interface DocumentFilter {
  status?: DocumentStatus;
  mime?: string;
  /** A document id: its children; null: uploads only (no parent). */
  parent_id?: string | null;
  language?: string;
  limit?: number;
  offset?: number;
}

/** A case's documents, newest first, with the total the filter matches. */
export async function listDocuments(
  db: Kysely<Database>,
  caseIds: string[],
  f: DocumentFilter = {},
): Promise<{ items: Document[]; total: number }> {
  if (caseIds.length === 0) return { items: [], total: 0 };
  let q = db.selectFrom('documents').where('case_id', 'in', caseIds);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.mime) q = q.where('mime', '=', f.mime);
  if (f.language) q = q.where('language', '=', f.language);
  if (f.parent_id === null) q = q.where('parent_id', 'is', null);
  else if (f.parent_id !== undefined) q = q.where('parent_id', '=', f.parent_id);
  const { n } = await q.select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = q
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(f.limit ?? 1_000_000_000)
    .offset(f.offset ?? 0);
  return { items: (await rows.execute()).map(toDocument), total: Number(n) };
}

/** The document a case already holds with these bytes, if any. */
export async function documentBySha(
  db: Kysely<Database>,
  caseId: string,
  sha256: string,
): Promise<Document | undefined> {
  const r = await db
    .selectFrom('documents')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return r && toDocument(r);
}

export interface PageInput {
  page: number;
  text: string;
  folded: string;
  language: string | null;
  method: 'text' | 'ocr';
}

/** Replaces a document's pages (and their full-text entries) with these, in one transaction. */
export async function replacePages(
  db: Kysely<Database>,
  dialect: DialectName,
  caseId: string,
  documentId: string,
  pages: PageInput[],
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await deletePages(tx, dialect, caseId, documentId);
    await insertPages(tx, dialect, caseId, documentId, pages);
  });
}

async function deletePages(
  db: Kysely<Database>,
  dialect: DialectName,
  caseId: string,
  documentId: string,
): Promise<void> {
  if (dialect === 'sqlite') {
    // An external-content FTS5 table forgets a row only when told its old text.
    await sql`insert into document_fts (document_fts, rowid, folded)
      select 'delete', id, folded from document_pages where case_id = ${caseId} and document_id = ${documentId}`.execute(
      db,
    );
  }
  await db
    .deleteFrom('document_pages')
    .where('case_id', '=', caseId)
    .where('document_id', '=', documentId)
    .execute();
}

/** Inserts pages a few hundred at a time; on SQLite with their FTS5 entries, by rowid. */
async function insertPages(
  db: Kysely<Database>,
  dialect: DialectName,
  caseId: string,
  documentId: string,
  pages: PageInput[],
): Promise<void> {
  for (let i = 0; i < pages.length; i += 200) {
    const chunk = pages.slice(i, i + 200);
    const rows = chunk.map((p) => ({ case_id: caseId, document_id: documentId, ...p }));
    if (dialect !== 'sqlite') {
      await db.insertInto('document_pages').values(rows).execute();
      continue;
    }
    const { next } = (
      await sql<{
        next: number;
      }>`select coalesce(max(id), 0) + 1 as next from document_pages`.execute(db)
    ).rows[0]!;
    await db
      .insertInto('document_pages')
      .values(rows.map((r, j) => ({ id: next + j, ...r })))
      .execute();
    const params: unknown[] = [];
    chunk.forEach((p, j) => params.push(next + j, p.folded));
    await db.executeQuery(
      CompiledQuery.raw(
        `insert into document_fts (rowid, folded) values ${chunk.map(() => '(?, ?)').join(', ')}`,
        params,
      ),
    );
  }
}

/** The pages of a document, in order (text included). */
export async function listPages(
  db: Kysely<Database>,
  caseId: string,
  documentId: string,
): Promise<DocumentPage[]> {
  return db
    .selectFrom('document_pages')
    .select(['document_id', 'page', 'text', 'language', 'method'])
    .where('case_id', '=', caseId)
    .where('document_id', '=', documentId)
    .orderBy('page')
    .execute() as Promise<DocumentPage[]>;
}

export async function getPage(
  db: Kysely<Database>,
  caseId: string,
  documentId: string,
  page: number,
): Promise<DocumentPage | undefined> {
  return db
    .selectFrom('document_pages')
    .select(['document_id', 'page', 'text', 'language', 'method'])
    .where('case_id', '=', caseId)
    .where('document_id', '=', documentId)
    .where('page', '=', page)
    .executeTakeFirst() as Promise<DocumentPage | undefined>;
}

export interface PageMatch {
  case_id: string;
  document_id: string;
  title: string;
  page: number;
  text: string;
}

/**
 * Pages whose folded text holds every folded query word (each as a prefix), best first:
 * FTS5's bm25 rank on SQLite, ts_rank on PostgreSQL. Tokens come folded (documents/fold.ts).
 */
export async function searchPages(
  db: Kysely<Database>,
  dialect: DialectName,
  caseIds: string[],
  tokens: string[],
  opts: { limit?: number; documentId?: string } = {},
): Promise<PageMatch[]> {
  if (tokens.length === 0 || caseIds.length === 0) return [];
  const limit = opts.limit ?? 50;
  const base = db
    .selectFrom('document_pages as p')
    .innerJoin('documents as d', (j) =>
      j.onRef('d.case_id', '=', 'p.case_id').onRef('d.id', '=', 'p.document_id'),
    )
    .select(['p.case_id', 'p.document_id', 'd.title', 'p.page', 'p.text'])
    .where('p.case_id', 'in', caseIds);
  const scoped = opts.documentId ? base.where('p.document_id', '=', opts.documentId) : base;
  if (dialect === 'sqlite') {
    const match = tokens.map((t) => `"${t}"*`).join(' AND ');
    // Ranked in the FTS5 table alone first (bm25 over the index), a few times the limit,
    // then joined, in that order (SQLite keeps the order of a CROSS JOIN): joining every
    // match before ranking cost ten times as much when a word is on thousands of pages.
    // Pages of other cases among the best are dropped after the join; when that leaves too
    // few, the case's matches are all ranked.
    const ranked = (cap: number | null) => {
      let q = db
        .selectFrom(
          sql<{
            rowid: number;
            rank: number;
          }>`(select rowid, rank from document_fts where document_fts match ${match} order by rank ${cap === null ? sql`` : sql`limit ${cap}`})`.as(
            'f',
          ),
        )
        .crossJoin('document_pages as p')
        .innerJoin('documents as d', (j) =>
          j.onRef('d.case_id', '=', 'p.case_id').onRef('d.id', '=', 'p.document_id'),
        )
        .select(['p.case_id', 'p.document_id', 'd.title', 'p.page', 'p.text'])
        .where(sql<boolean>`p.id = f.rowid`)
        .where('p.case_id', 'in', caseIds);
      if (opts.documentId) q = q.where('p.document_id', '=', opts.documentId);
      return q
        .orderBy(sql`f.rank`)
        .orderBy('p.document_id')
        .orderBy('p.page')
        .limit(limit)
        .execute();
    };
    if (opts.documentId) return ranked(null);
    const best = await ranked(limit * 4);
    return best.length === limit ? best : ranked(null);
  }
  const tsq = tokens.map((t) => `${t}:*`).join(' & ');
  return scoped
    .where(sql<boolean>`p.tsv @@ to_tsquery('simple', ${tsq})`)
    .orderBy(sql`ts_rank(p.tsv, to_tsquery('simple', ${tsq}))`, 'desc')
    .orderBy('p.document_id')
    .orderBy('p.page')
    .limit(limit)
    .execute();
}

/**
 * Refreshes the planner's statistics of the documents tables after a bulk write.
 * PostgreSQL plans a full-text query by them: without, the pages of a first large import
 * look like a handful and are searched row by row (1.3 s for a rare word in 100 000 pages,
 * 10 ms after). SQLite's FTS5 needs nothing.
 */
export async function analyseDocuments(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`analyze documents`.execute(db);
  await sql`analyze document_pages`.execute(db);
}

/** Counts of a case's documents and pages (for stats and the bench). */
export async function countDocuments(
  db: Kysely<Database>,
  caseIds: string[],
): Promise<{ documents: number; pages: number }> {
  if (caseIds.length === 0) return { documents: 0, pages: 0 };
  const d = await db
    .selectFrom('documents')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('case_id', 'in', caseIds)
    .executeTakeFirstOrThrow();
  const p = await db
    .selectFrom('document_pages')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('case_id', 'in', caseIds)
    .executeTakeFirstOrThrow();
  return { documents: Number(d.n), pages: Number(p.n) };
}
