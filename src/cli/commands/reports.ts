import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ChokepointError } from '../../core/errors.ts';
import {
  bulletinReport,
  entityReport,
  orderReport,
  seizureReport,
  type DossierRequest,
} from '../../app/reports.ts';
import type { FileResult, ReportJobInput } from '../../jobs/handlers/report-pdf.ts';
import {
  parseReportFormat,
  REPORT_FORMATS,
  type RenderedReport,
  type ReportFormat,
} from '../../reports/render.ts';
import { recordCliAction } from '../../app/audit.ts';
import type { Store } from '../../store/connect.ts';
import { assertCase, common, outJson, withStore, type CommonOptions } from '../context.ts';
import { runInForeground } from '../foreground.ts';

interface ReportOptions extends CommonOptions {
  format?: string;
  out?: string;
}

/** A written report: rendered here (HTML, Markdown) or printed by the reports.pdf job. */
interface Delivered {
  format: ReportFormat;
  body: Buffer | string;
  title: string;
}

/**
 * A PDF is printed by the reports.pdf job, run in the foreground (the API runs the same
 * job); HTML and Markdown are rendered at once. A PDF needs --out: said before printing.
 */
async function produce(
  store: Store,
  format: ReportFormat,
  job: ReportJobInput,
  render: () => Promise<RenderedReport>,
  opts: ReportOptions,
): Promise<Delivered> {
  if (format !== 'pdf') {
    const r = await render();
    return { format: r.format, body: r.body, title: r.doc.title };
  }
  if (!opts.out)
    throw new ChokepointError('CP_BAD_OPTION', 'a PDF needs a file', {
      field: 'out',
      expected: '--out FILE.pdf',
    });
  const { result } = await runInForeground<FileResult>(
    store,
    'reports.pdf',
    job,
    `report ${job.report}`,
  );
  return { format, body: Buffer.from(result.file.base64, 'base64'), title: result.title };
}

/**
 * Writes a report to --out (or stdout for HTML and Markdown) and says what was written;
 * the audit log records it as the API's `export.report`, with the OS user.
 */
async function deliver(
  store: Store,
  report: string,
  r: Delivered,
  opts: ReportOptions,
): Promise<void> {
  await recordCliAction(store, {
    action: 'export.report',
    caseId: opts.case,
    target: opts.out ?? '(stdout)',
    detail: { report, format: r.format, title: r.title },
  });
  if (!opts.out) {
    process.stdout.write(r.body);
    return;
  }
  await writeFile(opts.out, r.body);
  if (opts.json) outJson({ out: opts.out, format: r.format, bytes: r.body.length, title: r.title });
  else process.stderr.write(`wrote ${opts.out} (${r.format}, ${r.body.length} bytes)\n`);
}

function withFormat(cmd: Command): Command {
  return common(cmd)
    .option('--format <format>', REPORT_FORMATS.join(', '), 'html')
    .option('--out <file>', 'write to a file (needed for pdf); stdout otherwise');
}

/** Commands of the reports domain: `chokepoint report bulletin|entity|seizure|order`. */
export function register(program: Command): void {
  const report = program
    .command('report')
    .description('write a bulletin or a dossier as standalone HTML, Markdown or PDF');

  withFormat(
    report
      .command('bulletin')
      .description(
        'the weekly bulletin: figures against the previous period, charts, incidents by country and province, sources',
      )
      .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
      .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
      .option('--no-charts', 'leave the charts out'),
  ).action(async (opts: ReportOptions & { from: string; to: string; charts: boolean }) => {
    const format = parseReportFormat(opts.format);
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const job: ReportJobInput = {
        report: 'bulletin',
        case_id: opts.case!,
        from: opts.from,
        to: opts.to,
        charts: opts.charts,
      };
      const render = () =>
        bulletinReport(store, {
          caseIds: [opts.case!],
          from: opts.from,
          to: opts.to,
          format,
          charts: opts.charts,
        });
      const r = await produce(store, format, job, render, opts);
      await deliver(store, `bulletin ${opts.from}..${opts.to}`, r, opts);
    });
  });

  const dossier = (
    kind: 'entity' | 'seizure' | 'order',
    run: (store: Store, req: DossierRequest) => Promise<RenderedReport>,
  ) =>
    withFormat(
      report
        .command(kind)
        .description(`a dossier on one ${kind}, every fact with its sources and grades`)
        .argument('<id>', `the ${kind}'s id`),
    ).action(async (id: string, opts: ReportOptions) => {
      const format = parseReportFormat(opts.format);
      await withStore(opts, async (store) => {
        await assertCase(store, opts.case!);
        const job: ReportJobInput = { report: kind, case_id: opts.case!, id };
        const render = () => run(store, { caseIds: [opts.case!], id, format });
        const r = await produce(store, format, job, render, opts);
        await deliver(store, `${kind} ${id}`, r, opts);
      });
    });

  dossier('entity', entityReport);
  dossier('seizure', seizureReport);
  dossier('order', orderReport);
}
