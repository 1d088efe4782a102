import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  acceptMention,
  confirmDraft,
  crossReference,
  decideCrossReference,
  discardDraft,
  documentDrafts,
  documentMentions,
  documentXrefs,
  extractDocumentMentions,
  rejectMention,
} from '../../app/mentions.ts';
import { importMapped } from '../../app/mapped.ts';
import { showDocument } from '../../app/documents.ts';
import { JobAcceptedSchema } from '../../jobs/schema.ts';
import { ChokepointError } from '../../core/errors.ts';
import {
  AcceptMentionSchema,
  DRAFT_STATES,
  DraftOrderSchema,
  MENTION_KINDS,
  MENTION_STATES,
  MentionSchema,
  XREF_DECISIONS,
  XrefSchema,
} from '../../documents/mentions/schema.ts';
import { ScoredOrderSchema } from '../../flags/schema.ts';
import { OrderSchema } from '../../network/orders.ts';
import { recordSchema } from '../../core/schema.ts';
import { membershipsOf } from '../../store/users.ts';
import { caseOf, userOf } from '../auth.ts';
import { acceptJob, prefersAsync } from '../jobs.ts';
import { CASE, COMMON_ERRORS, CaseIdParams, CaseParams } from '../schemas.ts';

const items = <T extends z.ZodType>(s: T) => z.object({ items: z.array(s) });
const ExtractOut = z
  .object({
    document_id: z.string(),
    proposed: z.number().int(),
    by_kind: z.record(z.string(), z.number().int()),
    draft: DraftOrderSchema.nullable(),
  })
  .meta({ id: 'MentionExtraction' });
const ConfirmOut = z
  .object({
    draft: DraftOrderSchema,
    order: recordSchema(OrderSchema),
    likelihood: z.number(),
    flags: ScoredOrderSchema.shape.flags,
  })
  .meta({ id: 'DraftConfirmation' });
/** Pages read at once by the extract route; a longer document is read by a job. */
const SYNC_PAGES = 20;
const Cell = z.union([z.string(), z.number(), z.null()]);
const MappedOut = z
  .object({
    kind: z.literal('mapped'),
    file: z.string(),
    case_id: z.string(),
    rows: z.number().int(),
    entities: z.number().int(),
    orders: z.number().int(),
    incidents: z.number().int(),
    warnings: z.array(z.string()).optional(),
  })
  .meta({ id: 'MappedImport' });

/** The cases the caller may see: cross-referencing never reaches past them. */
async function visibleCases(req: FastifyRequest): Promise<string[]> {
  return (await membershipsOf(req.server.store.db, userOf(req).id)).map((c) => c.id);
}

/**
 * Mentions on document pages, their cross-references and the draft orders of paperwork
 * (issue 21, items 3–5): the same use cases as `chokepoint documents mentions|accept|
 * reject|drafts|confirm|xref|decide`.
 */
export async function mentionsRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${CASE}/documents/:id/mentions`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['documents'],
        summary: "A document's mentions in page order, each a span [start, end) of its page text",
        params: CaseIdParams,
        querystring: z.object({
          state: z.enum(MENTION_STATES).optional(),
          kind: z.enum(MENTION_KINDS).optional(),
        }),
        response: { 200: items(MentionSchema), ...COMMON_ERRORS },
      },
    },
    async (req) => ({
      items: await documentMentions(req.server.store, caseOf(req), req.params.id, {
        state: req.query.state,
        kinds: req.query.kind ? [req.query.kind] : undefined,
      }),
    }),
  );

  app.post(
    `${CASE}/documents/:id/mentions/extract`,
    {
      config: { access: { case: 'analyst' }, audit: 'mentions.extract' },
      schema: {
        tags: ['documents'],
        summary:
          'Read a document again for mentions and its draft order (decided mentions stay). Beyond 20 pages (or with `Prefer: respond-async`) answers 202 with a documents.mentions job',
        params: CaseIdParams,
        response: { 200: ExtractOut, 202: JobAcceptedSchema, ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const caseId = caseOf(req);
      const doc = await showDocument(req.server.store, caseId, req.params.id);
      if (doc.pages > SYNC_PAGES || prefersAsync(req))
        return acceptJob(req, reply, {
          kind: 'documents.mentions',
          case_id: caseId,
          input: { case_id: caseId, document_ids: [doc.id] },
        });
      return extractDocumentMentions(req.server.store, caseId, doc.id);
    },
  );

  app.post(
    `${CASE}/mentions/:id/accept`,
    {
      config: { access: { case: 'analyst' }, audit: 'mention.accept' },
      schema: {
        tags: ['documents'],
        summary:
          "Accept a mention as evidence: the record's sources then show the document and page, graded",
        params: CaseIdParams,
        body: AcceptMentionSchema,
        response: { 200: MentionSchema, ...COMMON_ERRORS },
      },
    },
    async (req) =>
      acceptMention(req.server.store, caseOf(req), req.params.id, req.body, userOf(req).username),
  );

  app.post(
    `${CASE}/mentions/:id/reject`,
    {
      config: { access: { case: 'analyst' }, audit: 'mention.reject' },
      schema: {
        tags: ['documents'],
        summary: 'Reject a mention (remembered: reading the document again does not propose it)',
        params: CaseIdParams,
        response: { 200: MentionSchema, ...COMMON_ERRORS },
      },
    },
    async (req) =>
      rejectMention(req.server.store, caseOf(req), req.params.id, userOf(req).username),
  );

  app.get(
    `${CASE}/drafts`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['documents'],
        summary: 'Draft orders read from invoices, proformas and packing lists',
        params: CaseParams,
        querystring: z.object({
          document_id: z.string().min(1).max(200).optional(),
          state: z.enum(DRAFT_STATES).optional(),
        }),
        response: { 200: items(DraftOrderSchema), ...COMMON_ERRORS },
      },
    },
    async (req) => ({ items: await documentDrafts(req.server.store, caseOf(req), req.query) }),
  );

  app.post(
    `${CASE}/drafts/:id/confirm`,
    {
      config: { access: { case: 'analyst' }, audit: 'draft.confirm' },
      schema: {
        tags: ['documents'],
        summary:
          'Confirm a draft: it becomes an order (as an orders import makes it) and is scored',
        params: CaseIdParams,
        body: z
          .object({
            set: z.record(z.string(), Cell).default({}).describe('fields corrected or added'),
          })
          .default({ set: {} }),
        response: { 200: ConfirmOut, ...COMMON_ERRORS },
      },
    },
    async (req) =>
      confirmDraft(req.server.store, caseOf(req), req.params.id, {
        set: req.body.set,
        actor: userOf(req).username,
      }),
  );

  app.post(
    `${CASE}/drafts/:id/discard`,
    {
      config: { access: { case: 'analyst' }, audit: 'draft.discard' },
      schema: {
        tags: ['documents'],
        summary: 'Discard a draft order',
        params: CaseIdParams,
        response: { 200: DraftOrderSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => discardDraft(req.server.store, caseOf(req), req.params.id, userOf(req).username),
  );

  app.post(
    `${CASE}/xref`,
    {
      config: { access: { case: 'analyst' }, audit: 'xref.run' },
      schema: {
        tags: ['documents'],
        summary:
          "Cross-reference documents' person and company mentions against the loaded lists and the caller's other cases",
        params: CaseParams,
        body: z
          .object({
            document_id: z.string().min(1).max(200).optional(),
            threshold: z.number().min(0).max(1).optional(),
          })
          .default({}),
        response: { 200: items(XrefSchema), ...COMMON_ERRORS },
      },
    },
    async (req) => ({
      items: await crossReference(req.server.store, caseOf(req), {
        documentId: req.body.document_id,
        threshold: req.body.threshold,
        visibleCases: await visibleCases(req),
      }),
    }),
  );

  app.get(
    `${CASE}/xref`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['documents'],
        summary:
          'Stored cross-references and their decisions (only those reaching cases the caller sees)',
        params: CaseParams,
        querystring: z.object({ document_id: z.string().min(1).max(200).optional() }),
        response: { 200: items(XrefSchema), ...COMMON_ERRORS },
      },
    },
    async (req) => ({
      items: await documentXrefs(req.server.store, caseOf(req), {
        documentId: req.query.document_id,
        visibleCases: await visibleCases(req),
      }),
    }),
  );

  app.post(
    `${CASE}/xref/:id/decision`,
    {
      config: { access: { case: 'analyst' }, audit: 'xref.decide' },
      schema: {
        tags: ['documents'],
        summary: 'Decide a cross-reference: the same person or company (match) or not',
        params: CaseIdParams,
        body: z.object({ decision: z.enum(XREF_DECISIONS) }),
        response: { 200: XrefSchema, ...COMMON_ERRORS },
      },
    },
    async (req) =>
      decideCrossReference(
        req.server.store,
        caseOf(req),
        req.params.id,
        req.body.decision,
        userOf(req).username,
      ),
  );

  app.post(
    `${CASE}/imports/mapped`,
    {
      config: { access: { case: 'analyst' }, audit: 'import' },
      schema: {
        tags: ['imports'],
        summary:
          'Import a CSV or XLSX of any layout through a mapping (multipart: a "mapping" file, YAML or JSON, and a "file"), all or nothing',
        consumes: ['multipart/form-data'],
        params: CaseParams,
        response: { 200: MappedOut, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      if (!req.isMultipart())
        throw new ChokepointError('CP_BAD_UPLOAD', 'send the files as multipart/form-data', {
          field: 'body',
          expected: 'multipart/form-data with a "mapping" file and a "file"',
        });
      const got: Record<string, { name: string; bytes: Buffer }> = {};
      // Two files here (the server allows one per upload elsewhere).
      for await (const part of req.parts({ limits: { files: 2 } }))
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.file.truncated)
            throw new ChokepointError(
              'CP_PAYLOAD_TOO_LARGE',
              `"${part.filename}" is larger than allowed`,
            );
          got[part.fieldname] = { name: part.filename || part.fieldname, bytes };
        }
      for (const field of ['mapping', 'file'])
        if (!got[field])
          throw new ChokepointError('CP_BAD_UPLOAD', `no "${field}" file in the upload`, {
            field,
            expected: 'a "mapping" file (YAML or JSON) and a "file" (CSV or XLSX)',
          });
      req.auditDetail = { kind: 'mapped', file: got.file!.name };
      return importMapped(req.server.store, {
        caseId: caseOf(req),
        mapping: { text: new TextDecoder().decode(got.mapping!.bytes), name: got.mapping!.name },
        file: { bytes: got.file!.bytes, name: got.file!.name },
      });
    },
  );
}
