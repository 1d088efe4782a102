import { copyFile, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { decodeText } from '../core/encoding.ts';
import { ChokepointError, toChokepointError } from '../core/errors.ts';
import { ARCHIVE_LIMITS, unzipEntries } from '../documents/archive.ts';
import { parseEmail, splitMbox } from '../documents/email.ts';
import { documentTokens, foldDocumentText } from '../documents/fold.ts';
import { detectLanguage, documentLanguage } from '../documents/language.ts';
import type {
  Document,
  DocumentHit,
  DocumentPage,
  IngestStage,
  StageError,
} from '../documents/schema.ts';
import { extensionOf, sniff } from '../documents/sniff.ts';
import { makeSnippet } from '../documents/snippet.ts';
import { readSpreadsheet } from '../documents/spreadsheet.ts';
import { htmlTitle, htmlToText, sheetText, splitPages } from '../documents/text.ts';
import { ocrImage, officeToPdf, pdfInfo, pdfPageTexts, renderPdfPage } from '../documents/tools.ts';
import type { JobContext, JobHandler } from '../jobs/types.ts';
import type { Store } from '../store/connect.ts';
import {
  analyseDocuments,
  documentBySha,
  getDocument,
  getPage,
  listDocuments,
  listPages,
  replacePages,
  saveDocument,
  searchPages,
  type DocumentFilter,
  type PageInput,
} from '../store/documents.ts';
import { blobPath, derivedPath, filesDir, putBlob } from '../store/files.ts';
import { extractDocumentMentions } from './mentions.ts';

/**
 * Documents (issue 21), each use case once: ingest (a job: store the original by its
 * sha256, tell its kind, extract text page by page, OCR what has no text layer, detect the
 * language, index), list, show, page text and image, search. A stage that fails on a file
 * is recorded on the document with its reason; the other stages and files go on.
 */

export const OCR_LANGUAGES = 'eng+ara+tur+fra';
/** A PDF page with fewer letters than this in its text layer is taken as scanned. */
const MIN_TEXT_LETTERS = 10;
/** E-mails in archives in e-mails…: deeper than this is refused. */
const MAX_DEPTH = 5;
const OCR_DPI = 300;
const VIEW_DPI = 110;

export const IngestInputSchema = z.object({
  case_id: z.string().min(1),
  files: z.array(z.object({ path: z.string().min(1), name: z.string().optional() })).min(1),
  ocr_languages: z
    .string()
    .regex(/^[a-z_]{3,}(\+[a-z_]{3,})*$/)
    .default(OCR_LANGUAGES),
  /** Extract again the documents these bytes already are (partial re-processing). */
  force: z.boolean().default(false),
  files_dir: z.string().optional(),
});
export type IngestInput = z.input<typeof IngestInputSchema>;

export interface IngestedDocument {
  id: string;
  file_name: string;
  parent_id: string | null;
  status: Document['status'];
  pages: number;
  duplicate: boolean;
  errors: StageError[];
}

export interface IngestResult {
  case_id: string;
  documents: IngestedDocument[];
}

interface Run {
  store: Store;
  ctx: JobContext;
  caseId: string;
  dir: string;
  languages: string;
  force: boolean;
  out: IngestedDocument[];
}

interface Incoming {
  /** Where the bytes are now (an upload, a temporary file) or the bytes themselves. */
  from: { path: string } | { bytes: Uint8Array };
  name: string;
  parentId: string | null;
  depth: number;
}

/** What extraction of one file gives: its pages, and files found inside it. */
interface Extracted {
  title?: string | null;
  pages: { text: string; method: 'text' | 'ocr' }[];
  children: { name: string; bytes: Uint8Array }[];
  meta: Record<string, string>;
  rendition_sha256?: string | null;
  errors: StageError[];
}

export function documentId(sha256: string): string {
  return `doc-${sha256.slice(0, 24)}`;
}

/** The job: every file in turn, each on its own (a failure never stops the others). */
export const ingestDocuments: JobHandler<IngestInput, IngestResult> = async (store, raw, ctx) => {
  const input = IngestInputSchema.parse(raw);
  const run: Run = {
    store,
    ctx,
    caseId: input.case_id,
    dir: input.files_dir ?? filesDir(store),
    languages: input.ocr_languages,
    force: input.force,
    out: [],
  };
  let done = 0;
  for (const f of input.files) {
    if (ctx.signal.aborted) throw new ChokepointError('CP_CANCELLED', 'ingest cancelled');
    ctx.progress(done, input.files.length, `file ${f.name ?? basename(f.path)}`);
    await ingestOne(run, {
      from: { path: f.path },
      name: f.name ?? basename(f.path),
      parentId: null,
      depth: 0,
    });
    ctx.count('files');
    done += 1;
  }
  if (run.out.some((d) => d.pages > 0 && !d.duplicate)) await refreshDocumentIndex(store);
  ctx.progress(done, input.files.length, 'done');
  return { case_id: input.case_id, documents: run.out };
};

export const handler = ingestDocuments;

function stageError(stage: IngestStage, e: unknown, page: number | null = null): StageError {
  const err = toChokepointError(e);
  return { stage, code: err.code, message: err.message, page };
}

async function ingestOne(run: Run, f: Incoming): Promise<Document | null> {
  const { store, ctx, caseId } = run;
  let sha256: string;
  let path: string;
  try {
    ({ sha256, path } = await putBlob(run.dir, f.from));
  } catch (e) {
    // Nothing could be kept: there is no document to hang the failure on but the result.
    ctx.count('errors.store');
    run.out.push({
      id: '',
      file_name: f.name,
      parent_id: f.parentId,
      status: 'failed',
      pages: 0,
      duplicate: false,
      errors: [stageError('store', e)],
    });
    return null;
  }
  const existing = await documentBySha(store.db, caseId, sha256);
  if (existing && !run.force && existing.status !== 'failed' && existing.status !== 'processing') {
    ctx.count('duplicates');
    // Reported where it arrived this time (an attachment), though stored where it came first.
    run.out.push({ ...summary(existing), parent_id: f.parentId, duplicate: true });
    return existing;
  }
  const now = new Date().toISOString();
  const bytes = await readFile(path);
  const doc: Document = existing
    ? { ...existing, status: 'processing', errors: [], updated_at: now }
    : {
        id: documentId(sha256),
        case_id: caseId,
        title: f.name,
        file_name: f.name,
        mime: 'application/octet-stream',
        pages: 0,
        parent_id: f.parentId,
        sha256,
        status: 'processing',
        language: null,
        size: bytes.length,
        errors: [],
        meta: {},
        rendition_sha256: null,
        created_at: now,
        updated_at: now,
      };
  await saveDocument(store.db, doc);
  ctx.count('documents');
  const kind = sniff(bytes, f.name);
  doc.mime = kind.mime;
  const work = await mkdtemp(join(tmpdir(), 'chokepoint-doc-'));
  let extracted: Extracted;
  try {
    extracted = await extract(run, kind.kind, path, bytes, f.name, work);
  } catch (e) {
    extracted = { pages: [], children: [], meta: {}, errors: [stageError('extract', e)] };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const pages = extracted.pages.map((p, i) => ({
    page: i + 1,
    text: p.text,
    folded: foldDocumentText(p.text),
    language: detectLanguage(p.text),
    method: p.method,
  }));
  doc.errors = extracted.errors;
  try {
    ctx.progress(0, pages.length, 'index');
    await replacePages(store.db, store.dialect, caseId, doc.id, pages);
    doc.pages = pages.length;
    ctx.count('pages', pages.length);
  } catch (e) {
    doc.errors.push(stageError('index', e));
  }
  doc.title = extracted.title || doc.title;
  doc.meta = { ...doc.meta, ...extracted.meta };
  doc.rendition_sha256 = extracted.rendition_sha256 ?? doc.rendition_sha256;
  doc.language = documentLanguage(pages);
  doc.status = doc.errors.length === 0 ? 'done' : doc.pages > 0 ? 'partial' : 'failed';
  doc.updated_at = new Date().toISOString();
  await saveDocument(store.db, doc);
  for (const err of doc.errors) ctx.count(`errors.${err.stage}`);
  if (doc.pages > 0) await readMentions(run, doc);
  run.out.push({ ...summary(doc), duplicate: false });
  await ingestChildren(run, doc, extracted.children, f.depth);
  return doc;
}

/**
 * Mentions and the draft order of paperwork (src/app/mentions.ts), read once the pages are
 * in. A failure there leaves the document as ingested (it is read again on first ask).
 */
async function readMentions(run: Run, doc: Document): Promise<void> {
  try {
    await extractDocumentMentions(run.store, run.caseId, doc.id);
  } catch {
    run.ctx.count('errors.mentions');
  }
}

async function ingestChildren(
  run: Run,
  parent: Document,
  children: { name: string; bytes: Uint8Array }[],
  depth: number,
): Promise<void> {
  if (children.length === 0) return;
  if (depth + 1 > MAX_DEPTH) {
    parent.errors.push(
      stageError(
        'children',
        new ChokepointError(
          'CP_LIMIT_EXCEEDED',
          `files nested deeper than ${MAX_DEPTH} are not opened`,
        ),
      ),
    );
    parent.status = parent.pages > 0 ? 'partial' : 'failed';
    await saveDocument(run.store.db, parent);
    return;
  }
  for (const c of children) {
    run.ctx.count('children');
    await ingestOne(run, {
      from: { bytes: c.bytes },
      name: c.name,
      parentId: parent.id,
      depth: depth + 1,
    });
  }
}

function summary(d: Document): Omit<IngestedDocument, 'duplicate'> {
  return {
    id: d.id,
    file_name: d.file_name,
    parent_id: d.parent_id,
    status: d.status,
    pages: d.pages,
    errors: d.errors,
  };
}

const nothing = (): Extracted => ({ pages: [], children: [], meta: {}, errors: [] });

async function extract(
  run: Run,
  kind: ReturnType<typeof sniff>['kind'],
  path: string,
  bytes: Buffer,
  name: string,
  work: string,
): Promise<Extracted> {
  const signal = run.ctx.signal;
  switch (kind) {
    case 'pdf':
      return extractPdf(run, path, work);
    case 'image': {
      const out = nothing();
      run.ctx.progress(0, 1, 'ocr');
      try {
        const text = await ocrImage(path, run.languages, { signal });
        out.pages = splitPages(text).map((t) => ({ text: t, method: 'ocr' as const }));
        run.ctx.count('ocr_pages', out.pages.length);
      } catch (e) {
        out.errors.push(stageError('ocr', e, 1));
      }
      return out;
    }
    case 'office': {
      // LibreOffice reads by extension as much as by content: give it one.
      const named = join(work, `input.${extensionOf(sniff(bytes, name).mime)}`);
      await copyFile(path, named);
      run.ctx.progress(0, 1, 'extract (LibreOffice)');
      const pdf = await officeToPdf(named, work, { signal });
      const kept = await putBlob(run.dir, { path: pdf });
      const out = await extractPdf(run, kept.path, work);
      return { ...out, rendition_sha256: kept.sha256 };
    }
    case 'spreadsheet': {
      const sheets = readSpreadsheet(bytes, { file: name });
      const pages = sheets.flatMap((s) => splitPages(sheetText(s)));
      return { ...nothing(), pages: pages.map((text) => ({ text, method: 'text' })) };
    }
    case 'email': {
      const mail = await parseEmail(bytes);
      return {
        ...nothing(),
        title: mail.subject,
        meta: mail.meta,
        pages: splitPages(mail.text).map((text) => ({ text, method: 'text' })),
        children: mail.attachments.map((a) => ({ name: a.file_name, bytes: a.bytes })),
      };
    }
    case 'mbox': {
      const messages = splitMbox(decodeText(bytes, name).text);
      return {
        ...nothing(),
        meta: { messages: String(messages.length) },
        children: messages.map((m, i) => ({
          name: `${name}#${i + 1}.eml`,
          bytes: new TextEncoder().encode(m),
        })),
      };
    }
    case 'zip': {
      const entries = unzipEntries(bytes, name, ARCHIVE_LIMITS);
      return {
        ...nothing(),
        // The archive's own page lists what it holds: its file names are searchable too.
        pages: [{ text: entries.map((e) => e.name).join('\n'), method: 'text' }],
        meta: { entries: String(entries.length) },
        children: entries.map((e) => ({ name: e.name, bytes: e.bytes })),
      };
    }
    case 'html': {
      const html = decodeText(bytes, name).text;
      return {
        ...nothing(),
        title: htmlTitle(html),
        pages: splitPages(htmlToText(html)).map((text) => ({ text, method: 'text' })),
      };
    }
    case 'text':
      return {
        ...nothing(),
        pages: splitPages(decodeText(bytes, name).text).map((text) => ({ text, method: 'text' })),
      };
    default:
      return {
        ...nothing(),
        errors: [
          stageError(
            'sniff',
            new ChokepointError('CP_UNSUPPORTED', `"${name}" is of a kind that cannot be read`, {
              expected:
                'PDF, an image (PNG, JPEG, TIFF, GIF, BMP, WebP), Word/ODT/RTF, XLSX, e-mail (.eml, .mbox), HTML, text or ZIP',
            }),
          ),
        ],
      };
  }
}

/** A PDF's text layer page by page; pages without one are rendered and read by OCR. */
async function extractPdf(run: Run, path: string, work: string): Promise<Extracted> {
  const signal = run.ctx.signal;
  const out = nothing();
  const info = await pdfInfo(path, { signal });
  const count = Number(info.Pages ?? '0');
  for (const [k, v] of [
    ['author', info.Author],
    ['creator', info.Creator],
    ['created', info.CreationDate],
  ] as const)
    if (v) out.meta[k] = v;
  if (info.Title && !/^(untitled|about:blank)$/i.test(info.Title)) out.title = info.Title;
  run.ctx.progress(0, count, 'extract');
  const texts = await pdfPageTexts(path, count, { signal });
  out.pages = texts.map((text) => ({ text, method: 'text' as const }));
  const scanned = texts
    .map((t, i) => ((t.match(/\p{L}/gu)?.length ?? 0) < MIN_TEXT_LETTERS ? i : -1))
    .filter((i) => i >= 0);
  for (const [n, i] of scanned.entries()) {
    run.ctx.progress(n, scanned.length, 'ocr');
    try {
      const png = await renderPdfPage(path, i + 1, OCR_DPI, join(work, `ocr-${i + 1}`), { signal });
      const text = (await ocrImage(png, run.languages, { signal })).replace(/\f/g, '\n');
      out.pages[i] = { text: withTextLayer(texts[i]!, text), method: 'ocr' };
      run.ctx.count('ocr_pages');
    } catch (e) {
      if (signal.aborted) throw e;
      out.errors.push(stageError('ocr', e, i + 1));
    }
  }
  return out;
}

/**
 * OCR of a page keeps what little text layer the page had (a stamp, a page number) unless
 * the OCR read it too.
 */
function withTextLayer(layer: string, ocr: string): string {
  const kept = foldDocumentText(layer);
  if (!kept || foldDocumentText(ocr).includes(kept)) return ocr.trim();
  return `${layer.trim()}\n${ocr.trim()}`;
}

// ---------------------------------------------------------------------------------------
// Reading

export async function listCaseDocuments(
  store: Store,
  caseIds: string[],
  filter: DocumentFilter = {},
): Promise<{ items: Document[]; total: number }> {
  return listDocuments(store.db, caseIds, filter);
}

export async function showDocument(store: Store, caseId: string, id: string): Promise<Document> {
  const d = await getDocument(store.db, caseId, id);
  if (!d) throw new ChokepointError('CP_NOT_FOUND', `no document "${id}" in case ${caseId}`);
  return d;
}

/** A document with its children (attachments, archive entries). */
export async function documentWithChildren(store: Store, caseId: string, id: string) {
  const doc = await showDocument(store, caseId, id);
  const children = await listDocuments(store.db, [caseId], { parent_id: id });
  return { ...doc, children: children.items };
}

export async function documentPages(
  store: Store,
  caseId: string,
  id: string,
): Promise<DocumentPage[]> {
  await showDocument(store, caseId, id);
  return listPages(store.db, caseId, id);
}

export async function documentPage(
  store: Store,
  caseId: string,
  id: string,
  page: number,
): Promise<DocumentPage> {
  const p = await getPage(store.db, caseId, id, page);
  if (!p) {
    await showDocument(store, caseId, id);
    throw new ChokepointError('CP_NOT_FOUND', `document "${id}" has no page ${page}`);
  }
  return p;
}

/** The original file, as kept: its path, name and type, for a download. */
export async function documentOriginal(
  store: Store,
  caseId: string,
  id: string,
  dir = filesDir(store),
) {
  const d = await showDocument(store, caseId, id);
  const path = blobPath(dir, d.sha256);
  await stat(path).catch(() => {
    throw new ChokepointError('CP_NOT_FOUND', `the original of "${id}" is not in ${dir}`);
  });
  return { path, file_name: d.file_name, mime: d.mime };
}

/**
 * A page as an image: a PDF page (or the PDF an Office file was printed to) rendered by
 * pdftoppm once and kept; an image document is its own page 1. Text-only documents
 * (e-mail, text, spreadsheets) have no page image: the viewer shows their text.
 */
export async function documentPageImage(
  store: Store,
  caseId: string,
  id: string,
  page: number,
  dir = filesDir(store),
): Promise<{ path: string; mime: string }> {
  const d = await showDocument(store, caseId, id);
  if (page < 1 || page > Math.max(d.pages, 1))
    throw new ChokepointError('CP_NOT_FOUND', `document "${id}" has no page ${page}`);
  if (d.mime.startsWith('image/') && page === 1)
    return { path: blobPath(dir, d.sha256), mime: d.mime };
  const pdfSha = d.mime === 'application/pdf' ? d.sha256 : d.rendition_sha256;
  if (!pdfSha) throw new ChokepointError('CP_NOT_FOUND', `document "${id}" has no page images`);
  const out = derivedPath(dir, pdfSha, `page-${page}-${VIEW_DPI}`);
  const png = `${out}.png`;
  if (!(await stat(png).catch(() => null))) {
    await mkdir(join(out, '..'), { recursive: true });
    await renderPdfPage(blobPath(dir, pdfSha), page, VIEW_DPI, out);
  }
  return { path: png, mime: 'image/png' };
}

/** Full-text search over a case's pages: best first, each with a snippet in its own words. */
export async function searchDocuments(
  store: Store,
  caseIds: string[],
  query: string,
  opts: { limit?: number; documentId?: string } = {},
): Promise<DocumentHit[]> {
  const tokens = documentTokens(query);
  const matches = await searchPages(store.db, store.dialect, caseIds, tokens, opts);
  return matches.map((m) => ({
    document_id: m.document_id,
    case_id: m.case_id,
    title: m.title,
    page: m.page,
    ...makeSnippet(m.text, tokens),
  }));
}

/** After many pages were written: the database's statistics for planning searches. */
export async function refreshDocumentIndex(store: Store): Promise<void> {
  await analyseDocuments(store.db, store.dialect);
}

/** Pages written straight through the app layer (the bench's 100 000 synthetic pages). */
export async function addTextDocument(
  store: Store,
  caseId: string,
  doc: { title: string; file_name: string; pages: string[] },
  dir = filesDir(store),
): Promise<Document> {
  const bytes = new TextEncoder().encode(doc.pages.join('\f'));
  const { sha256 } = await putBlob(dir, { bytes });
  const now = new Date().toISOString();
  const pages: PageInput[] = doc.pages.map((text, i) => ({
    page: i + 1,
    text,
    folded: foldDocumentText(text),
    language: detectLanguage(text),
    method: 'text',
  }));
  const d: Document = {
    id: documentId(sha256),
    case_id: caseId,
    title: doc.title,
    file_name: doc.file_name,
    mime: 'text/plain',
    pages: pages.length,
    parent_id: null,
    sha256,
    status: 'done',
    language: documentLanguage(pages),
    size: bytes.length,
    errors: [],
    meta: {},
    rendition_sha256: null,
    created_at: now,
    updated_at: now,
  };
  await saveDocument(store.db, d);
  await replacePages(store.db, store.dialect, caseId, d.id, pages);
  return d;
}
