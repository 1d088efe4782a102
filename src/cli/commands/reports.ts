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
import { parseReportFormat, REPORT_FORMATS, type RenderedReport } from '../../reports/render.ts';
import { recordCliAction } from '../../app/audit.ts';
import type { Store } from '../../store/connect.ts';
import { assertCase, common, outJson, withStore, type CommonOptions } from '../context.ts';
import { progressBar } from '../progress.ts';

interface ReportOptions extends CommonOptions {
  format?: string;
  out?: string;
}

/**
 * Writes a report to --out (or stdout for HTML and Markdown) and says what was written;
 * the audit log records it as the API's `export.report`, with the OS user.
 */
async function deliver(
  store: Store,
  report: string,
  r: RenderedReport,
  opts: ReportOptions,
): Promise<void> {
  if (!opts.out && r.format === 'pdf')
    throw new ChokepointError('CP_BAD_OPTION', 'a PDF needs a file', {
      field: 'out',
      expected: '--out FILE.pdf',
    });
  await recordCliAction(store, {
    action: 'export.report',
    caseId: opts.case,
    target: opts.out ?? '(stdout)',
    detail: { report, format: r.format, title: r.doc.title },
  });
  if (!opts.out) {
    process.stdout.write(r.body);
    return;
  }
  await writeFile(opts.out, r.body);
  if (opts.json)
    outJson({ out: opts.out, format: r.format, bytes: r.body.length, title: r.doc.title });
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
      const bar = progressBar('report bulletin');
      bar.update(0, 2, 'reading');
      const r = await bulletinReport(store, {
        caseIds: [opts.case!],
        from: opts.from,
        to: opts.to,
        format,
        charts: opts.charts,
        chromium: process.env.CHOKEPOINT_CHROMIUM,
      });
      bar.finish();
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
        const chromium = process.env.CHOKEPOINT_CHROMIUM;
        const r = await run(store, { caseIds: [opts.case!], id, format, chromium });
        await deliver(store, `${kind} ${id}`, r, opts);
      });
    });

  dossier('entity', entityReport);
  dossier('seizure', seizureReport);
  dossier('order', orderReport);
}
