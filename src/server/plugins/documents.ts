import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  documentOriginal,
  documentPage,
  documentPageImage,
  documentPages,
  documentWithChildren,
  listCaseDocuments,
  searchDocuments,
  showDocument,
} from '../../app/documents.ts';
import { ChokepointError } from '../../core/errors.ts';
import {
  DOCUMENT_STATUSES,
  DocumentHitSchema,
  DocumentPageSchema,
  DocumentSchema,
} from '../../documents/schema.ts';
import { blobPath, filesDir, putBlob } from '../../store/files.ts';
import { caseOf } from '../auth.ts';
import { acceptJob } from '../jobs.ts';
import {
  CASE,
  COMMON_ERRORS,
  CaseIdParams,
  CaseParams,
  ErrorBody,
  Id,
  Paging,
  page,
  pageOf,
} from '../schemas.ts';

const DocumentOut = DocumentSchema;
const DocumentDetail = DocumentSchema.extend({ children: z.array(DocumentSchema) }).meta({
  id: 'DocumentDetail',
});
const PageParams = CaseIdParams.extend({ page: z.coerce.number().int().min(1).max(1_000_000) });
const OcrQuery = z.object({
  ocr_languages: z
    .string()
    .regex(/^[a-z_]{3,}(\+[a-z_]{3,})*$/)
    .optional()
    .describe('tesseract languages, e.g. eng+ara (default eng+ara+tur+fra)'),
});
const Accepted = z
  .object({
    job_id: z.string(),
    status_url: z.string(),
    sha256: z.string().optional(),
    file_name: z.string().optional(),
  })
  .meta({ id: 'DocumentJobAccepted' });

/** The original is served as a download in a sandbox: it is what someone sent, not our page. */
const ORIGINAL_HEADERS = {
  'content-security-policy': "sandbox; default-src 'none'",
  'x-content-type-options': 'nosniff',
};

/**
 * Documents (issue 21): upload (kept at once by its sha256, then ingested by the
 * documents.ingest job, whose progress is at the job's status URL), list, show, page text
 * and image, the original, search, re-processing.
 */
export async function documentsRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const dir = () => filesDir(app.store);
  // The files directory is this host's disk unless a shared one is configured.
  const local = !process.env.CHOKEPOINT_FILES_DIR;

  app.post(
    `${CASE}/documents`,
    {
      config: { access: { case: 'analyst' }, audit: 'import' },
      schema: {
        tags: ['documents'],
        summary:
          'Upload a document (multipart/form-data, one file): kept by its sha256, then ingested by a job (202, follow status_url)',
        consumes: ['multipart/form-data'],
        params: CaseParams,
        querystring: OcrQuery,
        response: { 202: Accepted, 413: ErrorBody, ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const caseId = caseOf(req);
      if (!req.isMultipart())
        throw new ChokepointError('CP_BAD_UPLOAD', 'send the file as multipart/form-data', {
          field: 'body',
          expected: 'multipart/form-data with one file',
        });
      const part = await req.file();
      if (!part)
        throw new ChokepointError('CP_BAD_UPLOAD', 'no file in the upload', {
          field: 'file',
          expected: 'one file part',
        });
      const name = basename(part.filename || 'upload');
      const tmp = await mkdtemp(join(tmpdir(), 'chokepoint-document-'));
      try {
        const path = join(tmp, 'upload');
        await pipeline(part.file, createWriteStream(path));
        if (part.file.truncated)
          throw new ChokepointError('CP_PAYLOAD_TOO_LARGE', `"${name}" is larger than allowed`);
        const kept = await putBlob(dir(), { path });
        req.auditDetail = { kind: 'documents', file: name, sha256: kept.sha256 };
        const input = {
          case_id: caseId,
          files: [{ path: kept.path, name }],
          ...(req.query.ocr_languages ? { ocr_languages: req.query.ocr_languages } : {}),
        };
        const sent = await acceptJob(req, reply, {
          kind: 'documents.ingest',
          case_id: caseId,
          input,
          local,
        });
        return sent;
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    },
  );

  app.get(
    `${CASE}/documents`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['documents'],
        summary: 'Documents of the case, newest first, with filters',
        params: CaseParams,
        querystring: Paging.extend({
          status: z.enum(DOCUMENT_STATUSES).optional(),
          mime: z.string().max(200).optional(),
          language: z.string().max(10).optional(),
          parent: z
            .string()
            .max(200)
            .optional()
            .describe('a document id, or "none" for uploads only'),
        }),
        response: { 200: pageOf(DocumentOut), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const q = req.query;
      const r = await listCaseDocuments(req.server.store, [caseOf(req)], {
        status: q.status,
        mime: q.mime,
        language: q.language,
        parent_id: q.parent === 'none' ? null : q.parent,
        limit: q.limit,
        offset: q.offset,
      });
      return page(r.items, r.total, q);
    },
  );

  app.get(
    `${CASE}/documents/search`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['documents'],
        summary:
          "Full-text search over the pages of the case's documents, best first, with snippets",
        params: CaseParams,
        querystring: z.object({
          q: z.string().min(1).max(500),
          document: Id.optional().describe('search within this document only'),
          limit: z.coerce.number().int().min(1).max(500).default(20),
        }),
        response: { 200: z.object({ items: z.array(DocumentHitSchema) }), ...COMMON_ERRORS },
      },
    },
    async (req) => ({
      items: await searchDocuments(req.server.store, [caseOf(req)], req.query.q, {
        limit: req.query.limit,
        documentId: req.query.document,
      }),
    }),
  );

  app.get(
    `${CASE}/documents/:id`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['documents'],
        summary: 'One document: its fields, errors per stage, and the files found in it',
        params: CaseIdParams,
        response: { 200: DocumentDetail, ...COMMON_ERRORS },
      },
    },
    async (req) => documentWithChildren(req.server.store, caseOf(req), req.params.id),
  );

  app.get(
    `${CASE}/documents/:id/pages`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['documents'],
        summary: 'The text of every page of a document',
        params: CaseIdParams,
        response: { 200: z.object({ items: z.array(DocumentPageSchema) }), ...COMMON_ERRORS },
      },
    },
    async (req) => ({ items: await documentPages(req.server.store, caseOf(req), req.params.id) }),
  );

  app.get(
    `${CASE}/documents/:id/pages/:page`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['documents'],
        summary: 'The text of one page',
        params: PageParams,
        response: { 200: DocumentPageSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => documentPage(req.server.store, caseOf(req), req.params.id, req.params.page),
  );

  app.get(
    `${CASE}/documents/:id/pages/:page/image`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['documents'],
        summary: 'One page as an image (PNG rendered once and kept, or the image itself)',
        params: PageParams,
        response: { 200: z.unknown().describe('the image (PNG, JPEG…)'), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const img = await documentPageImage(
        req.server.store,
        caseOf(req),
        req.params.id,
        req.params.page,
        dir(),
      );
      return reply
        .header('content-type', img.mime)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(createReadStream(img.path));
    },
  );

  app.get(
    `${CASE}/documents/:id/original`,
    {
      config: { access: { case: 'viewer' }, audit: 'export' },
      schema: {
        tags: ['documents'],
        summary: 'The original file, as uploaded (a download)',
        params: CaseIdParams,
        response: { 200: z.unknown().describe('the file, as uploaded'), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const o = await documentOriginal(req.server.store, caseOf(req), req.params.id, dir());
      req.auditDetail = { kind: 'document', id: req.params.id };
      const ascii = o.file_name.replace(/[^\x20-\x7e]|["\\]/g, '_');
      return reply
        .headers(ORIGINAL_HEADERS)
        .header('content-type', 'application/octet-stream')
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(o.file_name)}`,
        )
        .send(createReadStream(o.path));
    },
  );

  app.post(
    `${CASE}/documents/:id/reprocess`,
    {
      config: { access: { case: 'analyst' }, audit: 'import' },
      schema: {
        tags: ['documents'],
        summary: 'Extract a document again from its kept original (a job: 202, follow status_url)',
        params: CaseIdParams,
        querystring: OcrQuery,
        response: { 202: Accepted, ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const caseId = caseOf(req);
      const d = await showDocument(req.server.store, caseId, req.params.id);
      req.auditDetail = { kind: 'documents', reprocess: d.id };
      const input = {
        case_id: caseId,
        files: [{ path: blobPath(dir(), d.sha256), name: d.file_name }],
        force: true,
        ...(req.query.ocr_languages ? { ocr_languages: req.query.ocr_languages } : {}),
      };
      return acceptJob(req, reply, { kind: 'documents.ingest', case_id: caseId, input, local });
    },
  );
}
