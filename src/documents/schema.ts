import { z } from 'zod';

/**
 * Documents (issue 21): the files investigators work from (invoices, bills of lading,
 * end-user certificates, e-mails, scanned notebooks, UN panel reports) and their text,
 * page by page. One Zod schema per record: the store's rows, the API and the web types
 * come from these.
 */

/** Where a document stands: `partial` has text but one stage failed on some page. */
export const DOCUMENT_STATUSES = ['pending', 'processing', 'done', 'partial', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** The stages of ingest, in order; a failure names the one it happened in. */
export const INGEST_STAGES = ['store', 'sniff', 'extract', 'ocr', 'children', 'index'] as const;
export type IngestStage = (typeof INGEST_STAGES)[number];

/** How a page's text was had: the file's own text layer, or OCR of its image. */
export const PAGE_METHODS = ['text', 'ocr'] as const;

/** What went wrong in one stage of one document (the other stages and files go on). */
export const StageErrorSchema = z
  .object({
    stage: z.enum(INGEST_STAGES),
    code: z.string().describe('a code of src/core/errors.ts'),
    message: z.string(),
    page: z.number().int().nullable().describe('the page it concerns, or null for the file'),
  })
  .meta({ id: 'DocumentStageError' });
export type StageError = z.output<typeof StageErrorSchema>;

export const DocumentSchema = z
  .object({
    id: z.string().describe('doc- and the first 24 hex digits of the sha256: same bytes, same id'),
    case_id: z.string(),
    title: z.string(),
    file_name: z.string(),
    mime: z.string(),
    pages: z.number().int().describe('pages of text kept (0 when none could be read)'),
    parent_id: z
      .string()
      .nullable()
      .describe('the e-mail or archive this one came out of, or null for an upload'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    status: z.enum(DOCUMENT_STATUSES),
    language: z.string().nullable().describe('ISO 639-1 of most of its text, or null'),
    size: z.number().int().describe('bytes of the original'),
    errors: z.array(StageErrorSchema),
    meta: z
      .record(z.string(), z.string())
      .describe('what the file says of itself: e-mail from, to, subject, date; PDF author…'),
    rendition_sha256: z
      .string()
      .nullable()
      .describe('the PDF an Office file was printed to, whose pages are the page images'),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Document' });
export type Document = z.output<typeof DocumentSchema>;

export const DocumentPageSchema = z
  .object({
    document_id: z.string(),
    page: z.number().int().min(1),
    text: z.string(),
    language: z.string().nullable(),
    method: z.enum(PAGE_METHODS),
  })
  .meta({ id: 'DocumentPage' });
export type DocumentPage = z.output<typeof DocumentPageSchema>;

/** One full-text hit: a page of a document, with a snippet of its own words. */
export const DocumentHitSchema = z
  .object({
    document_id: z.string(),
    case_id: z.string(),
    title: z.string(),
    page: z.number().int(),
    snippet: z.string(),
    highlights: z
      .array(z.tuple([z.number().int(), z.number().int()]))
      .describe('[start, end) of each matched word within the snippet'),
  })
  .meta({ id: 'DocumentHit' });
export type DocumentHit = z.output<typeof DocumentHitSchema>;

/** `documents list --json`: the contract's fields first, the rest after. */
export function documentLine(d: Document): Record<string, unknown> {
  const { id, title, file_name, mime, pages, parent_id, sha256, status, ...rest } = d;
  return { id, title, file_name, mime, pages, parent_id, sha256, status, ...rest };
}
