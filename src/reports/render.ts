/**
 * Report formats and rendering: a report document (bulletin.ts, dossier.ts build them from
 * plain data) written as HTML, Markdown or PDF. The data comes from the application layer
 * (src/app/reports.ts), which reads the store and the other use cases.
 */
import { ChokepointError } from '../core/errors.ts';
import type { ReportDoc } from './doc.ts';
import { htmlToPdf } from './pdf.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-md.ts';

export const REPORT_FORMATS = ['html', 'md', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderedReport {
  format: ReportFormat;
  /** MIME type for an HTTP answer. */
  contentType: string;
  /** A file name to offer (`bulletin-2021-01-07-2021-01-13.pdf`). */
  filename: string;
  body: Buffer;
  doc: ReportDoc;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
};

export function parseReportFormat(v: unknown): ReportFormat {
  const f = v === undefined || v === null || v === '' ? 'html' : String(v).toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(f))
    throw new ChokepointError('CP_BAD_OPTION', `cannot write a report as "${f}"`, {
      field: 'format',
      expected: REPORT_FORMATS.join(', '),
    });
  return f as ReportFormat;
}

/** Renders a report document in a format. */
export async function renderReport(
  doc: ReportDoc,
  format: ReportFormat,
  name: string,
  /** The chromium that prints a PDF (default /usr/bin/chromium): the front end's setting. */
  opts: { chromium?: string } = {},
): Promise<RenderedReport> {
  const body =
    format === 'pdf'
      ? await htmlToPdf(renderHtml(doc), { chromium: opts.chromium })
      : Buffer.from(format === 'md' ? renderMarkdown(doc) : renderHtml(doc), 'utf8');
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
  return { format, contentType: CONTENT_TYPES[format], filename: `${safe}.${format}`, body, doc };
}
