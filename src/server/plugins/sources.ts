import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChokepointError } from '../../core/errors.ts';
import {
  RECORD_KINDS,
  SourceRecord,
  SupportSchema,
  SupportingSourceSchema,
} from '../../core/provenance.ts';
import { evidenceFor, getSource, listSources, recordsOfSource } from '../../store/sources.ts';
import { caseOf } from '../auth.ts';
import {
  CASE,
  COMMON_ERRORS,
  CaseIdParams,
  CaseParams,
  Paging,
  pageInMemory,
  pageOf,
} from '../schemas.ts';

const SourceOut = SourceRecord;
/** A record a source supports, with the credibility of what it says of it. */
const SupportedRecord = SupportSchema.meta({ id: 'SupportedRecord' });

/** Sources with their Admiralty grades, and the evidence links both ways. */
export async function sourcesRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${CASE}/sources`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['sources'],
        summary: 'Sources of the case with their reliability',
        params: CaseParams,
        querystring: Paging,
        response: { 200: pageOf(SourceOut), ...COMMON_ERRORS },
      },
    },
    async (req) => pageInMemory(await listSources(req.server.store.db, caseOf(req)), req.query),
  );

  app.get(
    `${CASE}/sources/:id`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['sources'],
        summary: 'One source and the records it supports',
        params: CaseIdParams,
        response: {
          200: SourceOut.extend({ records: z.array(SupportedRecord) }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const db = req.server.store.db;
      const caseId = caseOf(req);
      const source = await getSource(db, caseId, req.params.id);
      if (!source) throw new ChokepointError('CP_NOT_FOUND', `no source "${req.params.id}"`);
      return { ...source, records: await recordsOfSource(db, caseId, source.id) };
    },
  );

  app.get(
    `${CASE}/records/:id/evidence`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['sources'],
        summary: 'The graded sources supporting any record (incident, item, entity, order, …)',
        params: CaseIdParams,
        querystring: z.object({ kind: z.enum(RECORD_KINDS).optional() }),
        response: { 200: z.object({ items: z.array(SupportingSourceSchema) }), ...COMMON_ERRORS },
      },
    },
    async (req) => ({
      items: await evidenceFor(req.server.store.db, caseOf(req), req.params.id, req.query.kind),
    }),
  );
}
