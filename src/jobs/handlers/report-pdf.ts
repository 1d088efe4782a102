import { z } from 'zod';
import { bulletinReport, entityReport, orderReport, seizureReport } from '../../app/reports.ts';
import type { RenderedReport } from '../../reports/render.ts';
import type { JobHandler } from '../types.ts';

export const ReportJobInput = z.discriminatedUnion('report', [
  z.object({
    report: z.literal('bulletin'),
    case_id: z.string(),
    from: z.string(),
    to: z.string(),
    charts: z.boolean().default(true),
  }),
  z.object({
    report: z.enum(['entity', 'seizure', 'order']),
    case_id: z.string(),
    id: z.string(),
  }),
]);

/** A job's result that is a file: `GET /api/jobs/:id/result` sends it as itself. */
export interface FileResult {
  file: { content_type: string; filename: string; base64: string };
  /** The report's title, for the CLI's message (kept after `file`: the route looks for it first). */
  title: string;
}
export type ReportJobInput = z.input<typeof ReportJobInput>;

const DOSSIERS = { entity: entityReport, seizure: seizureReport, order: orderReport };

/**
 * A report printed to PDF (src/app/reports.ts) as a job (`chokepoint report … --format pdf`
 * runs it in the foreground): chromium is the expensive part,
 * shared by the process and bounded in pages (src/reports/pdf.ts).
 */
export const handler: JobHandler<unknown, FileResult> = async (store, raw, ctx) => {
  const input = ReportJobInput.parse(raw);
  ctx.progress(0, 1, 'printing');
  const chromium = process.env.CHOKEPOINT_CHROMIUM;
  const caseIds = [input.case_id];
  const r: RenderedReport =
    input.report === 'bulletin'
      ? await bulletinReport(store, { ...input, caseIds, format: 'pdf', chromium })
      : await DOSSIERS[input.report](store, { caseIds, id: input.id, format: 'pdf', chromium });
  ctx.progress(1, 1, 'printing');
  ctx.count('bytes', r.body.length);
  return {
    file: { content_type: r.contentType, filename: r.filename, base64: r.body.toString('base64') },
    title: r.doc.title,
  };
};
