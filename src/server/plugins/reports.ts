import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDate } from '../../core/schema.ts';
import { prepareAnalyses } from '../../reports/analyses.ts';
import {
  REPORT_FORMATS,
  bulletinReport,
  entityReport,
  orderReport,
  seizureReport,
  type RenderedReport,
} from '../../reports/load.ts';
import { caseOf } from '../auth.ts';
import { CASE, COMMON_ERRORS, CaseIdParams, CaseParams } from '../schemas.ts';

const Format = z.object({ format: z.enum(REPORT_FORMATS).default('html') });

function deliver(reply: FastifyReply, r: RenderedReport) {
  return reply
    .header('content-type', r.contentType)
    .header(
      'content-disposition',
      `${r.format === 'html' ? 'inline' : 'attachment'}; filename="${r.filename}"`,
    )
    .send(r.body);
}

const Document = z.string().describe('the report: HTML, Markdown or PDF');

/** Bulletins and dossiers (src/reports), each download audited as an export. */
export async function reportsRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${CASE}/reports/bulletin`,
    {
      config: { access: { case: 'viewer' }, audit: 'export.report' },
      schema: {
        tags: ['reports'],
        summary: 'The weekly bulletin of the case for a period',
        params: CaseParams,
        querystring: Format.extend({
          from: isoDate,
          to: isoDate,
          charts: z.enum(['true', 'false']).default('true'),
        }),
        response: { 200: Document, ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const r = await bulletinReport(req.server.store, {
        caseIds: [caseOf(req)],
        from: req.query.from,
        to: req.query.to,
        format: req.query.format,
        charts: req.query.charts === 'true',
      });
      req.auditDetail = {
        report: 'bulletin',
        format: r.format,
        from: req.query.from,
        to: req.query.to,
      };
      return deliver(reply, r);
    },
  );

  const dossier = (
    kind: 'entity' | 'seizure' | 'order',
    run: (
      caseId: string,
      id: string,
      format: (typeof REPORT_FORMATS)[number],
    ) => Promise<RenderedReport>,
  ) =>
    app.get(
      `${CASE}/reports/${kind}/:id`,
      {
        config: { access: { case: 'viewer' }, audit: 'export.report' },
        schema: {
          tags: ['reports'],
          summary: `A dossier on one ${kind}, every fact with its sources and grades`,
          params: CaseIdParams,
          querystring: Format,
          response: { 200: Document, ...COMMON_ERRORS },
        },
      },
      async (req, reply) => {
        const r = await run(caseOf(req), req.params.id, req.query.format);
        req.auditDetail = { report: kind, id: req.params.id, format: r.format };
        return deliver(reply, r);
      },
    );

  const store = base.store;
  dossier('entity', async (caseId, id, format) =>
    entityReport(store, [caseId], id, format, await prepareAnalyses(store, [caseId])),
  );
  dossier('seizure', (caseId, id, format) => seizureReport(store, [caseId], id, format));
  dossier('order', async (caseId, id, format) =>
    orderReport(store, [caseId], id, format, (await prepareAnalyses(store, [caseId])).scoreNow),
  );
}
