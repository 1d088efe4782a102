import type { Command } from 'commander';
import { caseTimeline } from '../../app/timeline.ts';
import { ChokepointError } from '../../core/errors.ts';
import { isIsoDate } from '../../core/date.ts';
import { TIMELINE_KINDS, type TimelineKind } from '../../core/timeline.ts';
import {
  assertCase,
  common,
  out,
  outJson,
  table,
  withStore,
  type CommonOptions,
} from '../context.ts';

type TimelineFlags = CommonOptions & { from?: string; to?: string; kind?: string; limit?: string };

function dateOption(v: string | undefined, field: string): string | undefined {
  if (v === undefined) return undefined;
  if (!isIsoDate(v))
    throw new ChokepointError('CP_BAD_OPTION', `bad --${field}`, {
      field,
      expected: 'a date as YYYY-MM-DD',
      got: v,
    });
  return v;
}

function kindsOption(v: string | undefined): TimelineKind[] | undefined {
  if (v === undefined) return undefined;
  const kinds = v.split(',').map((k) => k.trim());
  const bad = kinds.find((k) => !(TIMELINE_KINDS as readonly string[]).includes(k));
  if (bad !== undefined)
    throw new ChokepointError('CP_BAD_OPTION', `unknown timeline kind "${bad}"`, {
      field: 'kind',
      expected: `kinds joined by commas, of ${TIMELINE_KINDS.join(', ')}`,
      got: v,
    });
  return kinds as TimelineKind[];
}

/** `chokepoint timeline`: the case's dated records on one axis, as the API and the web page give them. */
export function register(program: Command): void {
  common(
    program
      .command('timeline')
      .description(
        `incidents, orders, payments, seizures and documents of the case by date (--json: {from, to, kinds, items: [{kind, id, date, title, detail}], counts})`,
      )
      .option('--from <date>', 'first day, YYYY-MM-DD')
      .option('--to <date>', 'last day, YYYY-MM-DD')
      .option('--kind <kinds>', `only these kinds, joined by commas (${TIMELINE_KINDS.join(', ')})`)
      .option('--limit <n>', 'most items of each kind, the earliest kept', '2000'),
  ).action(async (opts: TimelineFlags) => {
    const from = dateOption(opts.from, 'from');
    const to = dateOption(opts.to, 'to');
    const kinds = kindsOption(opts.kind);
    const limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new ChokepointError('CP_BAD_OPTION', 'bad --limit', {
        field: 'limit',
        expected: 'an integer ≥ 1',
        got: opts.limit,
      });
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const t = await caseTimeline(store, { caseId: opts.case!, from, to, kinds, limit });
      if (opts.json) return outJson(t);
      out(table(t.items as unknown as Record<string, unknown>[], ['date', 'kind', 'id', 'title']));
      out(
        `${t.items.length} item(s): ${Object.entries(t.counts)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}`,
      );
    });
  });
}
