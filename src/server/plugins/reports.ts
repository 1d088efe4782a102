import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
import { JobAcceptedSchema } from '../../jobs/schema.ts';
import type { FileResult } from '../../jobs/handlers/report-pdf.ts';
import { acceptJob, prefersAsync, runJobAndWait } from '../jobs.ts';
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

/**
 * A PDF is printed by a job (src/jobs/handlers/report-pdf.ts) in a worker thread, through
 * the pool's one chromium: answered 202 with `Prefer: respond-async`, else awaited and sent.
 */
async function pdfByJob(req: FastifyRequest, reply: FastifyReply, input: Record<string, unknown>) {
  const job = {
    kind: 'reports.pdf' as const,
    case_id: caseOf(req),
    input: { ...input, case_id: caseOf(req) },
  };
  if (prefersAsync(req)) return acceptJob(req, reply, job);
  const { file } = JSON.parse(await runJobAndWait(req, job)) as FileResult;
  return reply
    .header('content-type', file.content_type)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .send(Buffer.from(file.base64, 'base64'));
}

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
        response: { 200: Document, 202: JobAcceptedSchema, ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      if (req.query.format === 'pdf') {
        const { from, to } = req.query;
        req.auditDetail = { report: 'bulletin', format: 'pdf', from, to };
        const charts = req.query.charts === 'true';
        return pdfByJob(req, reply, { report: 'bulletin', from, to, charts });
      }
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
          response: { 200: Document, 202: JobAcceptedSchema, ...COMMON_ERRORS },
        },
      },
      async (req, reply) => {
        if (req.query.format === 'pdf') {
          req.auditDetail = { report: kind, id: req.params.id, format: 'pdf' };
          return pdfByJob(req, reply, { report: kind, id: req.params.id });
        }
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
