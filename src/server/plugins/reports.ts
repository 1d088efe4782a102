import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDate } from '../../core/schema.ts';
import {
  bulletinReport,
  entityReport,
  orderReport,
  seizureReport,
  type DossierRequest,
} from '../../app/reports.ts';
import { REPORT_FORMATS, type RenderedReport } from '../../reports/render.ts';
import type { Store } from '../../store/connect.ts';
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
        chromium: process.env.CHOKEPOINT_CHROMIUM,
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
    run: (store: Store, req: DossierRequest) => Promise<RenderedReport>,
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
        const r = await run(req.server.store, {
          caseIds: [caseOf(req)],
          id: req.params.id,
          format: req.query.format,
          chromium: process.env.CHOKEPOINT_CHROMIUM,
        });
        req.auditDetail = { report: kind, id: req.params.id, format: r.format };
        return deliver(reply, r);
      },
    );

  dossier('entity', entityReport);
  dossier('seizure', seizureReport);
  dossier('order', orderReport);
}
